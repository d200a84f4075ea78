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
@sonde_counters = global [7 x i64] [i64 1, i64 0, i64 0, i64 0, i64 0, i64 0, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readonly %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %small_key = alloca [4 x i64], align 8
  %value = alloca [2 x i64], align 8
  %bucket42 = alloca i32, align 4
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
  %opaque = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !9
  %call2 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr %opaque, i64 0) #0, !dbg !9
  %failed = lshr i64 %call2, 63, !dbg !9
  %at = getelementptr i8, ptr %opaque, i64 16, !dbg !9
  %1 = atomicrmw add ptr %at, i64 %failed monotonic, align 8, !dbg !9
  br label %joined, !dbg !9

joined:                                           ; preds = %missing, %found
  %at3 = getelementptr i8, ptr %0, i64 16, !dbg !10
  %ret = load i64, ptr %at3, align 8, !dbg !10
  store i64 0, ptr %small_key, align 8, !dbg !10
  %call4 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null5 = icmp eq ptr %call4, null, !dbg !10
  br i1 %is_null5, label %missing7, label %found6, !dbg !10

found6:                                           ; preds = %joined
  %current9 = load i64, ptr %call4, align 8, !dbg !10
  %summed = add i64 %current9, %ret, !dbg !10
  store i64 %summed, ptr %call4, align 8, !dbg !10
  br label %joined8, !dbg !10

missing7:                                         ; preds = %joined
  %opaque10 = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !10
  store i64 %ret, ptr %value, align 8, !dbg !10
  %call11 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !10
  %failed12 = lshr i64 %call11, 63, !dbg !10
  %at13 = getelementptr i8, ptr %opaque10, i64 24, !dbg !10
  %2 = atomicrmw add ptr %at13, i64 %failed12 monotonic, align 8, !dbg !10
  br label %joined8, !dbg !10

joined8:                                          ; preds = %missing7, %found6
  %ret15 = load i64, ptr %at3, align 8, !dbg !11
  %negative = icmp slt i64 %ret15, 0, !dbg !11
  br i1 %negative, label %hist_bucket, label %hist_small, !dbg !11

hist_small:                                       ; preds = %joined8
  %exact = icmp eq i64 %ret15, 0, !dbg !11
  br i1 %exact, label %hist_bucket, label %hist_log2, !dbg !11

hist_log2:                                        ; preds = %hist_small
  %high = lshr i64 %ret15, 32, !dbg !11
  %opaque16 = call i64 asm "", "=r,0"(i64 %high) #0, !dbg !11
  %big.not = icmp eq i64 %opaque16, 0, !dbg !11
  %halved = select i1 %big.not, i64 %ret15, i64 %opaque16, !dbg !11
  %log = select i1 %big.not, i64 0, i64 32, !dbg !11
  %high17 = lshr i64 %halved, 16, !dbg !11
  %big18.not = icmp ult i64 %halved, 65536, !dbg !11
  %halved19 = select i1 %big18.not, i64 %halved, i64 %high17, !dbg !11
  %more = or i64 %log, 16, !dbg !11
  %log20 = select i1 %big18.not, i64 %log, i64 %more, !dbg !11
  %high21 = lshr i64 %halved19, 8, !dbg !11
  %big22.not = icmp ult i64 %halved19, 256, !dbg !11
  %halved23 = select i1 %big22.not, i64 %halved19, i64 %high21, !dbg !11
  %more24 = or i64 %log20, 8, !dbg !11
  %log25 = select i1 %big22.not, i64 %log20, i64 %more24, !dbg !11
  %high26 = lshr i64 %halved23, 4, !dbg !11
  %big27.not = icmp ult i64 %halved23, 16, !dbg !11
  %halved28 = select i1 %big27.not, i64 %halved23, i64 %high26, !dbg !11
  %more29 = or i64 %log25, 4, !dbg !11
  %log30 = select i1 %big27.not, i64 %log25, i64 %more29, !dbg !11
  %high31 = lshr i64 %halved28, 2, !dbg !11
  %big32.not = icmp ult i64 %halved28, 4, !dbg !11
  %halved33 = select i1 %big32.not, i64 %halved28, i64 %high31, !dbg !11
  %more34 = add nuw nsw i64 %log30, 2, !dbg !11
  %log35 = select i1 %big32.not, i64 %log30, i64 %more34, !dbg !11
  %big37.not = icmp ugt i64 %halved33, 1, !dbg !11
  %more39 = zext i1 %big37.not to i64, !dbg !11
  %log40 = add nuw nsw i64 %log35, %more39, !dbg !11
  %3 = trunc i64 %log40 to i32, !dbg !11
  %4 = add nuw nsw i32 %3, 2, !dbg !11
  br label %hist_bucket, !dbg !11

hist_bucket:                                      ; preds = %hist_log2, %hist_small, %joined8
  %bucket41 = phi i32 [ 0, %joined8 ], [ 1, %hist_small ], [ %4, %hist_log2 ]
  store i32 %bucket41, ptr %bucket42, align 4, !dbg !11
  %call43 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m3, ptr nonnull %bucket42) #0, !dbg !11
  %is_null44 = icmp eq ptr %call43, null, !dbg !11
  br i1 %is_null44, label %joined47, label %found45, !dbg !11

found45:                                          ; preds = %hist_bucket
  %current48 = load i64, ptr %call43, align 8, !dbg !11
  %counted49 = add i64 %current48, 1, !dbg !11
  store i64 %counted49, ptr %call43, align 8, !dbg !11
  br label %joined47, !dbg !11

joined47:                                         ; preds = %hist_bucket, %found45
  %ret51 = load i64, ptr %at3, align 8, !dbg !12
  %step_index102 = lshr i64 %ret51, 6, !dbg !12
  %below = icmp slt i64 %ret51, 0, !dbg !12
  %above = icmp sgt i64 %ret51, 4095, !dbg !12
  %5 = trunc i64 %step_index102 to i32, !dbg !12
  %6 = add i32 %5, 1, !dbg !12
  %7 = select i1 %above, i32 65, i32 %6, !dbg !12
  %bucket3255 = select i1 %below, i32 0, i32 %7, !dbg !12
  store i32 %bucket3255, ptr %bucket42, align 4, !dbg !12
  %call56 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %bucket42) #0, !dbg !12
  %is_null57 = icmp eq ptr %call56, null, !dbg !12
  br i1 %is_null57, label %joined60, label %found58, !dbg !12

found58:                                          ; preds = %joined47
  %current61 = load i64, ptr %call56, align 8, !dbg !12
  %counted62 = add i64 %current61, 1, !dbg !12
  store i64 %counted62, ptr %call56, align 8, !dbg !12
  br label %joined60, !dbg !12

joined60:                                         ; preds = %joined47, %found58
  %ret64 = load i64, ptr %at3, align 8, !dbg !13
  store i64 0, ptr %small_key, align 8, !dbg !13
  %call65 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m4, ptr nonnull %small_key) #0, !dbg !13
  %is_null66 = icmp eq ptr %call65, null, !dbg !13
  br i1 %is_null66, label %missing68, label %found67, !dbg !13

found67:                                          ; preds = %joined60
  %current70 = load i64, ptr %call65, align 8, !dbg !13
  %at71 = getelementptr i8, ptr %call65, i64 8, !dbg !13
  %set = load i64, ptr %at71, align 8, !dbg !13
  %unset = icmp eq i64 %set, 0, !dbg !13
  %better = icmp slt i64 %ret64, %current70, !dbg !13
  %take = or i1 %better, %unset, !dbg !13
  %extreme = select i1 %take, i64 %ret64, i64 %current70, !dbg !13
  store i64 %extreme, ptr %call65, align 8, !dbg !13
  store i64 1, ptr %at71, align 8, !dbg !13
  br label %joined69, !dbg !13

missing68:                                        ; preds = %joined60
  %opaque72 = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !13
  store i64 %ret64, ptr %value, align 8, !dbg !13
  %at73 = getelementptr inbounds i8, ptr %value, i64 8, !dbg !13
  store i64 1, ptr %at73, align 8, !dbg !13
  %call74 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m4, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !13
  %failed75 = lshr i64 %call74, 63, !dbg !13
  %at76 = getelementptr i8, ptr %opaque72, i64 48, !dbg !13
  %8 = atomicrmw add ptr %at76, i64 %failed75 monotonic, align 8, !dbg !13
  br label %joined69, !dbg !13

joined69:                                         ; preds = %missing68, %found67
  store i64 0, ptr %small_key, align 8, !dbg !14
  %call77 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 0) #0, !dbg !14
  %is_null78 = icmp eq ptr %call77, null, !dbg !14
  br i1 %is_null78, label %joined81, label %found79, !dbg !14

found79:                                          ; preds = %joined69
  %copy = load i64, ptr %call77, align 8, !dbg !14
  br label %joined81, !dbg !14

joined81:                                         ; preds = %joined69, %found79
  %merged.0 = phi i64 [ 0, %joined69 ], [ %copy, %found79 ], !dbg !14
  %call82 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 1) #0, !dbg !14
  %is_null83 = icmp eq ptr %call82, null, !dbg !14
  br i1 %is_null83, label %joined86, label %found84, !dbg !14

found84:                                          ; preds = %joined81
  %copy87 = load i64, ptr %call82, align 8, !dbg !14
  %sum89 = add i64 %copy87, %merged.0, !dbg !14
  br label %joined86, !dbg !14

joined86:                                         ; preds = %joined81, %found84
  %merged.1 = phi i64 [ %merged.0, %joined81 ], [ %sum89, %found84 ], !dbg !14
  %cmp = icmp sgt i64 %merged.1, 1000000, !dbg !14
  br i1 %cmp, label %then, label %endif, !dbg !14

then:                                             ; preds = %joined86
  %call90 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 40, i64 0) #0, !dbg !15
  %is_null91 = icmp eq ptr %call90, null, !dbg !15
  br i1 %is_null91, label %missing93, label %found92, !dbg !15

endif:                                            ; preds = %found92, %missing93, %joined86
  ret i64 0, !dbg !15

found92:                                          ; preds = %then
  store i64 -2, ptr %call90, align 8, !dbg !15
  %at95 = getelementptr i8, ptr %call90, i64 8, !dbg !15
  store i64 2, ptr %at95, align 8, !dbg !15
  %at96 = getelementptr i8, ptr %call90, i64 16, !dbg !15
  store i64 1, ptr %at96, align 8, !dbg !15
  %at97 = getelementptr i8, ptr %call90, i64 24, !dbg !15
  store i64 0, ptr %at97, align 8, !dbg !15
  %at98 = getelementptr i8, ptr %call90, i64 32, !dbg !15
  store i64 1, ptr %at98, align 8, !dbg !15
  %call99 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call90, i64 0) #0, !dbg !15
  br label %endif, !dbg !15

missing93:                                        ; preds = %then
  %9 = atomicrmw add ptr getelementptr inbounds ([7 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !15
  br label %endif, !dbg !15
}

attributes #0 = { nounwind }

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
