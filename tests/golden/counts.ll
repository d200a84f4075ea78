; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 2064, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 1, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_counters = global [4 x i64] [i64 1, i64 0, i64 0, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readnone %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !9
  %small_key = alloca [4 x i64], align 8
  %value139 = alloca [2 x i64], align 8
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %body

body:                                             ; preds = %entry
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %string_area, i8 0, i64 1024, i1 false), !dbg !9
  %at = getelementptr i8, ptr %string_area, i64 1024, !dbg !9
  %opaque = call ptr asm "", "=r,0"(ptr %at) #0, !dbg !9
  store i64 0, ptr %opaque, align 8, !dbg !9
  %call = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %string_area, i64 16) #0, !dbg !9
  %const_str = getelementptr i8, ptr %string_area, i64 1032, !dbg !9
  store i64 1953066601, ptr %const_str, align 8, !dbg !9
  %at2 = getelementptr i8, ptr %string_area, i64 1040, !dbg !9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %at2, i8 0, i64 1024, i1 false), !dbg !9
  %wa = load i64, ptr %string_area, align 8, !dbg !9
  %at130 = getelementptr i8, ptr %string_area, i64 8, !dbg !9
  %wa131 = load i64, ptr %at130, align 8, !dbg !9
  %1 = icmp ne i64 %wa, 1953066601, !dbg !9
  %2 = icmp ne i64 %wa131, 0, !dbg !9
  %same.not = or i1 %1, %2, !dbg !9
  br i1 %same.not, label %pred_true, label %common.ret, !dbg !9

pred_true:                                        ; preds = %body
  %call136 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %small_key, i64 16) #0, !dbg !10
  %call137 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null = icmp eq ptr %call137, null, !dbg !10
  br i1 %is_null, label %joined, label %found, !dbg !10

common.ret:                                       ; preds = %entry, %update_done, %update_failed144, %body
  ret i64 0

found:                                            ; preds = %pred_true
  %v = load i64, ptr %call137, align 8, !dbg !10
  %3 = add i64 %v, 1, !dbg !10
  br label %joined, !dbg !10

joined:                                           ; preds = %pred_true, %found
  %loaded.0 = phi i64 [ 1, %pred_true ], [ %3, %found ]
  %call138 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %small_key, i64 16) #0, !dbg !10
  store i64 %loaded.0, ptr %value139, align 8, !dbg !10
  %call140 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value139, i64 0) #0, !dbg !10
  %failed = icmp slt i64 %call140, 0, !dbg !10
  br i1 %failed, label %update_failed, label %update_done, !dbg !10

update_failed:                                    ; preds = %joined
  %4 = atomicrmw add ptr getelementptr inbounds ([4 x i64], ptr @sonde_counters, i64 0, i64 3), i64 %call140 monotonic, align 8, !dbg !10
  br label %update_done, !dbg !10

update_done:                                      ; preds = %update_failed, %joined
  %call141 = call i64 inttoptr (i64 125 to ptr)() #0, !dbg !11
  store i64 0, ptr %small_key, align 8, !dbg !11
  store i64 %call141, ptr %value139, align 8, !dbg !11
  %call142 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value139, i64 0) #0, !dbg !11
  %failed143 = icmp slt i64 %call142, 0, !dbg !11
  br i1 %failed143, label %update_failed144, label %common.ret, !dbg !11

update_failed144:                                 ; preds = %update_done
  %5 = atomicrmw add ptr getelementptr inbounds ([4 x i64], ptr @sonde_counters, i64 0, i64 2), i64 %call142 monotonic, align 8, !dbg !11
  br label %common.ret, !dbg !11
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "counts.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 2, type: !4, scopeLine: 2, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 2, column: 1, scope: !3)
!10 = !DILocation(line: 3, column: 3, scope: !3)
!11 = !DILocation(line: 4, column: 3, scope: !3)
