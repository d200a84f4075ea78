; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 2136, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_counters = global [4 x i64] [i64 1, i64 0, i64 0, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !9
  %small_key = alloca [4 x i64], align 8
  %value = alloca [2 x i64], align 8
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %body

body:                                             ; preds = %entry
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %string_area, i8 0, i64 24, i1 false), !dbg !9
  %at = getelementptr i8, ptr %string_area, i64 8, !dbg !9
  %at1 = getelementptr i8, ptr %0, i64 24, !dbg !9
  %prev_pid = load i32, ptr %at1, align 4, !dbg !9
  %sext = sext i32 %prev_pid to i64, !dbg !9
  store i64 %sext, ptr %at, align 8, !dbg !9
  store i64 2, ptr %string_area, align 8, !dbg !9
  %call = call i64 inttoptr (i64 125 to ptr)() #0, !dbg !9
  %timestamp = getelementptr i8, ptr %string_area, i64 24, !dbg !9
  store i64 0, ptr %timestamp, align 8, !dbg !9
  %at3 = getelementptr i8, ptr %string_area, i64 32, !dbg !9
  store i64 %call, ptr %at3, align 8, !dbg !9
  %buf = getelementptr i8, ptr %string_area, i64 40, !dbg !9
  %1 = getelementptr i8, ptr %string_area, i64 48, !dbg !9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %1, i8 0, i64 16, i1 false), !dbg !9
  store i64 16, ptr %buf, align 8, !dbg !9
  %at5 = getelementptr i8, ptr %string_area, i64 48, !dbg !9
  %at6 = getelementptr i8, ptr %0, i64 8, !dbg !9
  %call7 = call i64 inttoptr (i64 113 to ptr)(ptr %at5, i64 16, ptr %at6) #0, !dbg !9
  %mac = getelementptr i8, ptr %string_area, i64 64, !dbg !9
  store i64 0, ptr %mac, align 8, !dbg !9
  %call10 = call i64 inttoptr (i64 113 to ptr)(ptr nonnull %mac, i64 6, ptr %at6) #0, !dbg !9
  %mac11 = load i64, ptr %mac, align 8, !dbg !9
  %call12 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 80, i64 0) #0, !dbg !9
  %is_null = icmp eq ptr %call12, null, !dbg !9
  br i1 %is_null, label %missing, label %found, !dbg !9

found:                                            ; preds = %body
  %at13 = getelementptr i8, ptr %call12, i64 8, !dbg !9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(80) %call12, i8 0, i64 80, i1 false), !dbg !9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %at13, ptr noundef nonnull align 8 dereferenceable(24) %string_area, i64 24, i1 false), !dbg !9
  %at14 = getelementptr i8, ptr %call12, i64 32, !dbg !9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at14, ptr noundef nonnull align 8 dereferenceable(16) %timestamp, i64 16, i1 false), !dbg !9
  %at15 = getelementptr i8, ptr %call12, i64 48, !dbg !9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %at15, ptr noundef nonnull align 8 dereferenceable(24) %buf, i64 24, i1 false), !dbg !9
  %at16 = getelementptr i8, ptr %call12, i64 72, !dbg !9
  store i64 %mac11, ptr %at16, align 8, !dbg !9
  %call17 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call12, i64 0) #0, !dbg !9
  br label %joined, !dbg !9

missing:                                          ; preds = %body
  %2 = atomicrmw add ptr getelementptr inbounds ([4 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !9
  br label %joined, !dbg !9

joined:                                           ; preds = %missing, %found
  %at18 = getelementptr i8, ptr %0, i64 56, !dbg !10
  %next_pid = load i32, ptr %at18, align 4, !dbg !10
  %bswap_in = trunc i32 %next_pid to i16, !dbg !10
  %bswap = call i16 @llvm.bswap.i16(i16 %bswap_in), !dbg !10
  %bswap_out = zext i16 %bswap to i64, !dbg !10
  store i64 %bswap_out, ptr %small_key, align 8, !dbg !10
  %call20 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null21 = icmp eq ptr %call20, null, !dbg !10
  br i1 %is_null21, label %missing23, label %found22, !dbg !10

found22:                                          ; preds = %joined
  %current = load i64, ptr %call20, align 8, !dbg !10
  %counted = add i64 %current, 1, !dbg !10
  store i64 %counted, ptr %call20, align 8, !dbg !10
  br label %joined24, !dbg !10

missing23:                                        ; preds = %joined
  %opaque = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !10
  %call25 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr %opaque, i64 0) #0, !dbg !10
  %at26 = getelementptr i8, ptr %opaque, i64 24, !dbg !10
  %3 = atomicrmw add ptr %at26, i64 %call25 monotonic, align 8, !dbg !10
  br label %joined24, !dbg !10

joined24:                                         ; preds = %missing23, %found22
  %at27 = getelementptr i8, ptr %0, i64 40, !dbg !11
  %next_comm = getelementptr i8, ptr %string_area, i64 72, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %next_comm, i8 0, i64 1024, i1 false), !dbg !11
  %at29 = getelementptr i8, ptr %string_area, i64 1096, !dbg !11
  %opaque30 = call ptr asm "", "=r,0"(ptr %at29) #0, !dbg !11
  store i64 0, ptr %opaque30, align 8, !dbg !11
  %call31 = call i64 inttoptr (i64 115 to ptr)(ptr %next_comm, i64 17, ptr %at27) #0, !dbg !11
  %const_str = getelementptr i8, ptr %string_area, i64 1104, !dbg !11
  store i64 435476655987, ptr %const_str, align 8, !dbg !11
  %at33 = getelementptr i8, ptr %string_area, i64 1112, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %at33, i8 0, i64 1024, i1 false), !dbg !11
  %needle_byte.1 = getelementptr i8, ptr %string_area, i64 1105
  %needle_byte.2 = getelementptr i8, ptr %string_area, i64 1106
  %needle_byte.3 = getelementptr i8, ptr %string_area, i64 1107
  %needle_byte.4 = getelementptr i8, ptr %string_area, i64 1108
  %needle_byte.5 = getelementptr i8, ptr %string_area, i64 1109
  %needle_byte.6 = getelementptr i8, ptr %string_area, i64 1110
  %needle_byte.7 = getelementptr i8, ptr %string_area, i64 1111
  br label %match_head.preheader, !dbg !11

match_head.preheader:                             ; preds = %match_tail, %joined24
  %contains_i.0171 = phi i64 [ 0, %joined24 ], [ %i1, %match_tail ]
  %hay_byte = getelementptr i8, ptr %next_comm, i64 %contains_i.0171, !dbg !11
  %hay_byte162 = load i8, ptr %hay_byte, align 1, !dbg !11
  %same = icmp eq i8 %hay_byte162, 115, !dbg !11
  br i1 %same, label %match_head, label %match_tail, !dbg !11

match_head:                                       ; preds = %match_head.preheader
  %needle_byte161.1 = load i8, ptr %needle_byte.1, align 1, !dbg !11
  %end.1 = icmp eq i8 %needle_byte161.1, 0, !dbg !11
  br i1 %end.1, label %then, label %match_check.1, !dbg !11

match_check.1:                                    ; preds = %match_head
  %inside.1 = icmp ult i64 %contains_i.0171, 23, !dbg !11
  br i1 %inside.1, label %match_compare.1, label %common.ret, !dbg !11

match_compare.1:                                  ; preds = %match_check.1
  %k.1 = add nuw nsw i64 %contains_i.0171, 1, !dbg !11
  %hay_byte.1 = getelementptr i8, ptr %next_comm, i64 %k.1, !dbg !11
  %hay_byte162.1 = load i8, ptr %hay_byte.1, align 1, !dbg !11
  %same.1 = icmp eq i8 %hay_byte162.1, %needle_byte161.1, !dbg !11
  br i1 %same.1, label %match_head.1, label %match_tail, !dbg !11

match_head.1:                                     ; preds = %match_compare.1
  %needle_byte161.2 = load i8, ptr %needle_byte.2, align 1, !dbg !11
  %end.2 = icmp eq i8 %needle_byte161.2, 0, !dbg !11
  br i1 %end.2, label %then, label %match_check.2, !dbg !11

match_check.2:                                    ; preds = %match_head.1
  %inside.2 = icmp ult i64 %contains_i.0171, 22, !dbg !11
  br i1 %inside.2, label %match_compare.2, label %match_tail, !dbg !11

match_compare.2:                                  ; preds = %match_check.2
  %k.2 = add nuw nsw i64 %contains_i.0171, 2, !dbg !11
  %hay_byte.2 = getelementptr i8, ptr %next_comm, i64 %k.2, !dbg !11
  %hay_byte162.2 = load i8, ptr %hay_byte.2, align 1, !dbg !11
  %same.2 = icmp eq i8 %hay_byte162.2, %needle_byte161.2, !dbg !11
  br i1 %same.2, label %match_head.2, label %match_tail, !dbg !11

match_head.2:                                     ; preds = %match_compare.2
  %needle_byte161.3 = load i8, ptr %needle_byte.3, align 1, !dbg !11
  %end.3 = icmp eq i8 %needle_byte161.3, 0, !dbg !11
  br i1 %end.3, label %then, label %match_check.3, !dbg !11

match_check.3:                                    ; preds = %match_head.2
  %inside.3 = icmp ult i64 %contains_i.0171, 21, !dbg !11
  br i1 %inside.3, label %match_compare.3, label %match_tail, !dbg !11

match_compare.3:                                  ; preds = %match_check.3
  %k.3 = add nuw nsw i64 %contains_i.0171, 3, !dbg !11
  %hay_byte.3 = getelementptr i8, ptr %next_comm, i64 %k.3, !dbg !11
  %hay_byte162.3 = load i8, ptr %hay_byte.3, align 1, !dbg !11
  %same.3 = icmp eq i8 %hay_byte162.3, %needle_byte161.3, !dbg !11
  br i1 %same.3, label %match_head.3, label %match_tail, !dbg !11

match_head.3:                                     ; preds = %match_compare.3
  %needle_byte161.4 = load i8, ptr %needle_byte.4, align 1, !dbg !11
  %end.4 = icmp eq i8 %needle_byte161.4, 0, !dbg !11
  br i1 %end.4, label %then, label %match_check.4, !dbg !11

match_check.4:                                    ; preds = %match_head.3
  %inside.4 = icmp ult i64 %contains_i.0171, 20, !dbg !11
  br i1 %inside.4, label %match_compare.4, label %match_tail, !dbg !11

match_compare.4:                                  ; preds = %match_check.4
  %k.4 = add nuw nsw i64 %contains_i.0171, 4, !dbg !11
  %hay_byte.4 = getelementptr i8, ptr %next_comm, i64 %k.4, !dbg !11
  %hay_byte162.4 = load i8, ptr %hay_byte.4, align 1, !dbg !11
  %same.4 = icmp eq i8 %hay_byte162.4, %needle_byte161.4, !dbg !11
  br i1 %same.4, label %match_head.4, label %match_tail, !dbg !11

match_head.4:                                     ; preds = %match_compare.4
  %needle_byte161.5 = load i8, ptr %needle_byte.5, align 1, !dbg !11
  %end.5 = icmp eq i8 %needle_byte161.5, 0, !dbg !11
  br i1 %end.5, label %then, label %match_check.5, !dbg !11

match_check.5:                                    ; preds = %match_head.4
  %inside.5 = icmp ult i64 %contains_i.0171, 19, !dbg !11
  br i1 %inside.5, label %match_compare.5, label %match_tail, !dbg !11

match_compare.5:                                  ; preds = %match_check.5
  %k.5 = add nuw nsw i64 %contains_i.0171, 5, !dbg !11
  %hay_byte.5 = getelementptr i8, ptr %next_comm, i64 %k.5, !dbg !11
  %hay_byte162.5 = load i8, ptr %hay_byte.5, align 1, !dbg !11
  %same.5 = icmp eq i8 %hay_byte162.5, %needle_byte161.5, !dbg !11
  br i1 %same.5, label %match_head.5, label %match_tail, !dbg !11

match_head.5:                                     ; preds = %match_compare.5
  %needle_byte161.6 = load i8, ptr %needle_byte.6, align 1, !dbg !11
  %end.6 = icmp eq i8 %needle_byte161.6, 0, !dbg !11
  br i1 %end.6, label %then, label %match_check.6, !dbg !11

match_check.6:                                    ; preds = %match_head.5
  %inside.6 = icmp ult i64 %contains_i.0171, 18, !dbg !11
  br i1 %inside.6, label %match_compare.6, label %match_tail, !dbg !11

match_compare.6:                                  ; preds = %match_check.6
  %k.6 = add nuw nsw i64 %contains_i.0171, 6, !dbg !11
  %hay_byte.6 = getelementptr i8, ptr %next_comm, i64 %k.6, !dbg !11
  %hay_byte162.6 = load i8, ptr %hay_byte.6, align 1, !dbg !11
  %same.6 = icmp eq i8 %hay_byte162.6, %needle_byte161.6, !dbg !11
  br i1 %same.6, label %match_head.6, label %match_tail, !dbg !11

match_head.6:                                     ; preds = %match_compare.6
  %needle_byte161.7 = load i8, ptr %needle_byte.7, align 1, !dbg !11
  %end.7 = icmp eq i8 %needle_byte161.7, 0, !dbg !11
  br i1 %end.7, label %then, label %match_check.7, !dbg !11

match_check.7:                                    ; preds = %match_head.6
  %inside.7 = icmp ult i64 %contains_i.0171, 17, !dbg !11
  br i1 %inside.7, label %match_compare.7, label %match_tail, !dbg !11

match_compare.7:                                  ; preds = %match_check.7
  %k.7 = add nuw nsw i64 %contains_i.0171, 7, !dbg !11
  %hay_byte.7 = getelementptr i8, ptr %next_comm, i64 %k.7, !dbg !11
  %hay_byte162.7 = load i8, ptr %hay_byte.7, align 1, !dbg !11
  %same.7 = icmp eq i8 %hay_byte162.7, %needle_byte161.7, !dbg !11
  br i1 %same.7, label %then, label %match_tail, !dbg !11

match_tail:                                       ; preds = %match_compare.7, %match_check.7, %match_compare.6, %match_check.6, %match_compare.5, %match_check.5, %match_compare.4, %match_check.4, %match_compare.3, %match_check.3, %match_compare.2, %match_check.2, %match_compare.1, %match_head.preheader
  %start_byte163 = phi i8 [ 1, %match_compare.7 ], [ 1, %match_check.7 ], [ 1, %match_compare.6 ], [ 1, %match_check.6 ], [ 1, %match_compare.5 ], [ 1, %match_check.5 ], [ 1, %match_compare.4 ], [ 1, %match_check.4 ], [ 1, %match_compare.3 ], [ 1, %match_check.3 ], [ 1, %match_compare.2 ], [ 1, %match_check.2 ], [ 1, %match_compare.1 ], [ %hay_byte162, %match_head.preheader ], !dbg !11
  %hay_end = icmp ne i8 %start_byte163, 0, !dbg !11
  %i1 = add nuw nsw i64 %contains_i.0171, 1, !dbg !11
  %below = icmp ult i64 %contains_i.0171, 23, !dbg !11
  %or.cond = select i1 %hay_end, i1 %below, i1 false, !dbg !11
  br i1 %or.cond, label %match_head.preheader, label %common.ret, !dbg !11

then:                                             ; preds = %match_compare.7, %match_head, %match_head.1, %match_head.2, %match_head.3, %match_head.4, %match_head.5, %match_head.6
  store i64 0, ptr %small_key, align 8, !dbg !12
  store i64 4, ptr %value, align 8, !dbg !12
  %call165 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !12
  %failed = icmp slt i64 %call165, 0, !dbg !12
  br i1 %failed, label %update_failed, label %common.ret, !dbg !12

common.ret:                                       ; preds = %match_check.1, %match_tail, %entry, %then, %update_failed
  ret i64 0

update_failed:                                    ; preds = %then
  %4 = atomicrmw add ptr getelementptr inbounds ([4 x i64], ptr @sonde_counters, i64 0, i64 2), i64 %call165 monotonic, align 8, !dbg !12
  br label %common.ret, !dbg !12
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i16 @llvm.bswap.i16(i16) #3

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #3 = { mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "functions.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 3, type: !4, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 4, column: 3, scope: !3)
!10 = !DILocation(line: 5, column: 3, scope: !3)
!11 = !DILocation(line: 6, column: 3, scope: !3)
!12 = !DILocation(line: 7, column: 5, scope: !3)
