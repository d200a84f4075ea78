; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 2, i32 0 }, section "maps", align 4
@sonde_strings = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 5, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m2 = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 66, i32 0 }, section "maps", align 4
@m3 = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 66, i32 0 }, section "maps", align 4
@m4 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 16, i32 4096, i32 0 }, section "maps", align 4
@sonde_counters = global [6 x i64] zeroinitializer, section ".bss", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readonly %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %small_key = alloca [4 x i64], align 8
  %value = alloca [2 x i64], align 8
  %bucket34 = alloca i32, align 4
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, i8 0, i64 16, i1 false), !dbg !9
  %call = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %small_key, i64 16) #0, !dbg !9
  %call1 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m0, ptr nonnull %small_key) #0, !dbg !9
  %is_null = icmp eq ptr %call1, null, !dbg !9
  br i1 %is_null, label %missing, label %found, !dbg !9

found:                                            ; preds = %entry
  %current = load i64, ptr %call1, align 8, !dbg !9
  %counted = add i64 %current, 1, !dbg !9
  store i64 %counted, ptr %call1, align 8, !dbg !9
  br label %joined, !dbg !9

missing:                                          ; preds = %entry
  store i64 1, ptr %value, align 8, !dbg !9
  %call2 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !9
  %failed = lshr i64 %call2, 63, !dbg !9
  %1 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 1), i64 %failed monotonic, align 8, !dbg !9
  br label %joined, !dbg !9

joined:                                           ; preds = %missing, %found
  %at = getelementptr i8, ptr %0, i64 16, !dbg !10
  %ret = load i64, ptr %at, align 8, !dbg !10
  store i64 0, ptr %small_key, align 8, !dbg !10
  %call3 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null4 = icmp eq ptr %call3, null, !dbg !10
  br i1 %is_null4, label %missing6, label %found5, !dbg !10

found5:                                           ; preds = %joined
  %current8 = load i64, ptr %call3, align 8, !dbg !10
  %summed = add i64 %current8, %ret, !dbg !10
  store i64 %summed, ptr %call3, align 8, !dbg !10
  br label %joined7, !dbg !10

missing6:                                         ; preds = %joined
  store i64 %ret, ptr %value, align 8, !dbg !10
  %call9 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !10
  %failed10 = lshr i64 %call9, 63, !dbg !10
  %2 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 2), i64 %failed10 monotonic, align 8, !dbg !10
  br label %joined7, !dbg !10

joined7:                                          ; preds = %missing6, %found5
  %ret12 = load i64, ptr %at, align 8, !dbg !11
  %negative = icmp slt i64 %ret12, 0, !dbg !11
  br i1 %negative, label %hist_bucket, label %hist_small, !dbg !11

hist_small:                                       ; preds = %joined7
  %exact = icmp eq i64 %ret12, 0, !dbg !11
  br i1 %exact, label %hist_bucket, label %hist_log2, !dbg !11

hist_log2:                                        ; preds = %hist_small
  %big = icmp ugt i64 %ret12, 4294967295, !dbg !11
  %by = select i1 %big, i64 32, i64 0, !dbg !11
  %halved = lshr i64 %ret12, %by, !dbg !11
  %big13 = icmp ugt i64 %halved, 65535, !dbg !11
  %by14 = select i1 %big13, i64 16, i64 0, !dbg !11
  %halved15 = lshr i64 %halved, %by14, !dbg !11
  %big17 = icmp ugt i64 %halved15, 255, !dbg !11
  %by18 = select i1 %big17, i64 8, i64 0, !dbg !11
  %halved19 = lshr i64 %halved15, %by18, !dbg !11
  %big21 = icmp ugt i64 %halved19, 15, !dbg !11
  %by22 = select i1 %big21, i64 4, i64 0, !dbg !11
  %halved23 = lshr i64 %halved19, %by22, !dbg !11
  %big25 = icmp ugt i64 %halved23, 3, !dbg !11
  %by26 = select i1 %big25, i64 2, i64 0, !dbg !11
  %halved27 = lshr i64 %halved23, %by26, !dbg !11
  %big29 = icmp ugt i64 %halved27, 1, !dbg !11
  %by30 = zext i1 %big29 to i64, !dbg !11
  %3 = or i64 %by, %by30, !dbg !11
  %4 = or i64 %3, %by14, !dbg !11
  %5 = or i64 %4, %by18, !dbg !11
  %6 = or i64 %5, %by22, !dbg !11
  %log32 = or i64 %6, %by26, !dbg !11
  %7 = trunc i64 %log32 to i32, !dbg !11
  %8 = add nuw nsw i32 %7, 2, !dbg !11
  br label %hist_bucket, !dbg !11

hist_bucket:                                      ; preds = %hist_log2, %hist_small, %joined7
  %bucket33 = phi i32 [ 0, %joined7 ], [ 1, %hist_small ], [ %8, %hist_log2 ]
  store i32 %bucket33, ptr %bucket34, align 4, !dbg !11
  %call35 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m3, ptr nonnull %bucket34) #0, !dbg !11
  %is_null36 = icmp eq ptr %call35, null, !dbg !11
  br i1 %is_null36, label %joined39, label %found37, !dbg !11

found37:                                          ; preds = %hist_bucket
  %current40 = load i64, ptr %call35, align 8, !dbg !11
  %counted41 = add i64 %current40, 1, !dbg !11
  store i64 %counted41, ptr %call35, align 8, !dbg !11
  br label %joined39, !dbg !11

joined39:                                         ; preds = %hist_bucket, %found37
  %ret43 = load i64, ptr %at, align 8, !dbg !12
  %step_index92 = lshr i64 %ret43, 6, !dbg !12
  %below = icmp slt i64 %ret43, 0, !dbg !12
  %above = icmp sgt i64 %ret43, 4095, !dbg !12
  %9 = trunc i64 %step_index92 to i32, !dbg !12
  %10 = add i32 %9, 1, !dbg !12
  %11 = select i1 %above, i32 65, i32 %10, !dbg !12
  %bucket3247 = select i1 %below, i32 0, i32 %11, !dbg !12
  store i32 %bucket3247, ptr %bucket34, align 4, !dbg !12
  %call48 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %bucket34) #0, !dbg !12
  %is_null49 = icmp eq ptr %call48, null, !dbg !12
  br i1 %is_null49, label %joined52, label %found50, !dbg !12

found50:                                          ; preds = %joined39
  %current53 = load i64, ptr %call48, align 8, !dbg !12
  %counted54 = add i64 %current53, 1, !dbg !12
  store i64 %counted54, ptr %call48, align 8, !dbg !12
  br label %joined52, !dbg !12

joined52:                                         ; preds = %joined39, %found50
  %ret56 = load i64, ptr %at, align 8, !dbg !13
  store i64 0, ptr %small_key, align 8, !dbg !13
  %call57 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m4, ptr nonnull %small_key) #0, !dbg !13
  %is_null58 = icmp eq ptr %call57, null, !dbg !13
  br i1 %is_null58, label %missing60, label %found59, !dbg !13

found59:                                          ; preds = %joined52
  %current62 = load i64, ptr %call57, align 8, !dbg !13
  %at63 = getelementptr i8, ptr %call57, i64 8, !dbg !13
  %set = load i64, ptr %at63, align 8, !dbg !13
  %unset = icmp eq i64 %set, 0, !dbg !13
  %better = icmp slt i64 %ret56, %current62, !dbg !13
  %take = or i1 %better, %unset, !dbg !13
  %extreme = select i1 %take, i64 %ret56, i64 %current62, !dbg !13
  store i64 %extreme, ptr %call57, align 8, !dbg !13
  store i64 1, ptr %at63, align 8, !dbg !13
  br label %joined61, !dbg !13

missing60:                                        ; preds = %joined52
  store i64 %ret56, ptr %value, align 8, !dbg !13
  %at64 = getelementptr inbounds i8, ptr %value, i64 8, !dbg !13
  store i64 1, ptr %at64, align 8, !dbg !13
  %call65 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m4, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !13
  %failed66 = lshr i64 %call65, 63, !dbg !13
  %12 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 5), i64 %failed66 monotonic, align 8, !dbg !13
  br label %joined61, !dbg !13

joined61:                                         ; preds = %missing60, %found59
  store i64 0, ptr %small_key, align 8, !dbg !14
  %call67 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 0) #0, !dbg !14
  %is_null68 = icmp eq ptr %call67, null, !dbg !14
  br i1 %is_null68, label %joined71, label %found69, !dbg !14

found69:                                          ; preds = %joined61
  %copy = load i64, ptr %call67, align 8, !dbg !14
  br label %joined71, !dbg !14

joined71:                                         ; preds = %joined61, %found69
  %merged.0 = phi i64 [ 0, %joined61 ], [ %copy, %found69 ], !dbg !14
  %call72 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 1) #0, !dbg !14
  %is_null73 = icmp eq ptr %call72, null, !dbg !14
  br i1 %is_null73, label %joined76, label %found74, !dbg !14

found74:                                          ; preds = %joined71
  %copy77 = load i64, ptr %call72, align 8, !dbg !14
  %sum79 = add i64 %copy77, %merged.0, !dbg !14
  br label %joined76, !dbg !14

joined76:                                         ; preds = %joined71, %found74
  %merged.1 = phi i64 [ %merged.0, %joined71 ], [ %sum79, %found74 ], !dbg !14
  %cmp = icmp sgt i64 %merged.1, 1000000, !dbg !14
  br i1 %cmp, label %then, label %endif, !dbg !14

then:                                             ; preds = %joined76
  %call80 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 40, i64 0) #0, !dbg !15
  %is_null81 = icmp eq ptr %call80, null, !dbg !15
  br i1 %is_null81, label %missing83, label %found82, !dbg !15

endif:                                            ; preds = %found82, %missing83, %joined76
  ret i64 0, !dbg !15

found82:                                          ; preds = %then
  store i64 -2, ptr %call80, align 8, !dbg !15
  %at85 = getelementptr i8, ptr %call80, i64 8, !dbg !15
  store i64 2, ptr %at85, align 8, !dbg !15
  %at86 = getelementptr i8, ptr %call80, i64 16, !dbg !15
  store i64 1, ptr %at86, align 8, !dbg !15
  %at87 = getelementptr i8, ptr %call80, i64 24, !dbg !15
  store i64 0, ptr %at87, align 8, !dbg !15
  %at88 = getelementptr i8, ptr %call80, i64 32, !dbg !15
  store i64 1, ptr %at88, align 8, !dbg !15
  %call89 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call80, i64 0) #0, !dbg !15
  br label %endif, !dbg !15

missing83:                                        ; preds = %then
  %13 = atomicrmw add ptr @sonde_counters, i64 1 monotonic, align 8, !dbg !15
  br label %endif, !dbg !15
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "aggregations.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 3, type: !4, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 4, column: 3, scope: !3)
!10 = !DILocation(line: 5, column: 3, scope: !3)
!11 = !DILocation(line: 6, column: 3, scope: !3)
!12 = !DILocation(line: 7, column: 3, scope: !3)
!13 = !DILocation(line: 8, column: 3, scope: !3)
!14 = !DILocation(line: 9, column: 3, scope: !3)
!15 = !DILocation(line: 9, column: 27, scope: !3)
