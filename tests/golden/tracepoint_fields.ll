; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 1032, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 24, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_counters = global [3 x i64] [i64 1, i64 0, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %small_key = alloca [4 x i64], align 8
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !9
  %value = alloca [2 x i64], align 8
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %body

body:                                             ; preds = %entry
  %at = getelementptr i8, ptr %0, i64 24, !dbg !9
  %prev_pid = load i32, ptr %at, align 4, !dbg !9
  %sext = sext i32 %prev_pid to i64, !dbg !9
  %at1 = getelementptr i8, ptr %0, i64 8, !dbg !9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %string_area, i8 0, i64 1024, i1 false), !dbg !9
  %at2 = getelementptr i8, ptr %string_area, i64 1024, !dbg !9
  %opaque = call ptr asm "", "=r,0"(ptr %at2) #0, !dbg !9
  store i64 0, ptr %opaque, align 8, !dbg !9
  %call = call i64 inttoptr (i64 115 to ptr)(ptr nonnull %string_area, i64 17, ptr %at1) #0, !dbg !9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %small_key, ptr noundef nonnull align 8 dereferenceable(24) %string_area, i64 24, i1 false), !dbg !9
  store i64 %sext, ptr %value, align 8, !dbg !9
  %call3 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !9
  %failed = icmp slt i64 %call3, 0, !dbg !9
  br i1 %failed, label %update_failed, label %common.ret, !dbg !9

update_failed:                                    ; preds = %body
  %1 = atomicrmw add ptr getelementptr inbounds ([3 x i64], ptr @sonde_counters, i64 0, i64 2), i64 %call3 monotonic, align 8, !dbg !9
  br label %common.ret, !dbg !9

common.ret:                                       ; preds = %entry, %body, %update_failed
  ret i64 0
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

; Function Attrs: nounwind
define i64 @sonde_1(ptr %0) local_unnamed_addr #0 section "tracepoint/sonde_1" !dbg !10 {
entry:
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !11
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %body

body:                                             ; preds = %entry
  %at = getelementptr i8, ptr %0, i64 8, !dbg !11
  %data_loc = load i32, ptr %at, align 4, !dbg !11
  %1 = and i32 %data_loc, 65535, !dbg !11
  %loc_off = zext i32 %1 to i64, !dbg !11
  %ctx_addr = ptrtoint ptr %0 to i64, !dbg !11
  %str_addr = add i64 %loc_off, %ctx_addr, !dbg !11
  %str_ptr = inttoptr i64 %str_addr to ptr, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %string_area, i8 0, i64 1024, i1 false), !dbg !11
  %at1 = getelementptr i8, ptr %string_area, i64 1024, !dbg !11
  %opaque = call ptr asm "", "=r,0"(ptr %at1) #0, !dbg !11
  store i64 0, ptr %opaque, align 8, !dbg !11
  %call = call i64 inttoptr (i64 115 to ptr)(ptr nonnull %string_area, i64 1032, ptr %str_ptr) #0, !dbg !11
  %call2 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 1040, i64 0) #0, !dbg !11
  %is_null = icmp eq ptr %call2, null, !dbg !11
  br i1 %is_null, label %missing, label %found, !dbg !11

found:                                            ; preds = %body
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %call2, i8 0, i64 1024, i1 false), !dbg !11
  %at3 = getelementptr i8, ptr %call2, i64 1024, !dbg !11
  %opaque4 = call ptr asm "", "=r,0"(ptr %at3) #0, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %opaque4, i8 0, i64 16, i1 false), !dbg !11
  store i64 0, ptr %call2, align 8, !dbg !11
  %at5 = getelementptr i8, ptr %call2, i64 8, !dbg !11
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %at5, ptr noundef nonnull align 8 dereferenceable(1024) %string_area, i64 1024, i1 false), !dbg !11
  %at6 = getelementptr i8, ptr %call2, i64 1032, !dbg !11
  %opaque7 = call ptr asm "", "=r,0"(ptr %at6) #0, !dbg !11
  %opaque9 = call ptr asm "", "=r,0"(ptr %at1) #0, !dbg !11
  %2 = load i64, ptr %opaque9, align 8, !dbg !11
  store i64 %2, ptr %opaque7, align 8, !dbg !11
  %call10 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call2, i64 0) #0, !dbg !11
  br label %common.ret, !dbg !11

missing:                                          ; preds = %body
  %3 = atomicrmw add ptr getelementptr inbounds ([3 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !11
  br label %common.ret, !dbg !11

common.ret:                                       ; preds = %entry, %found, %missing
  ret i64 0
}

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "tracepoint_fields.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 2, type: !4, scopeLine: 2, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 2, column: 33, scope: !3)
!10 = distinct !DISubprogram(name: "sonde_1", linkageName: "sonde_1", scope: null, file: !2, line: 3, type: !4, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!11 = !DILocation(line: 3, column: 39, scope: !10)
