; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
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
  %bucket41 = alloca i32, align 4
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
  %at = getelementptr i8, ptr %opaque, i64 16, !dbg !9
  %1 = atomicrmw add ptr %at, i64 %call2 monotonic, align 8, !dbg !9
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
  %at12 = getelementptr i8, ptr %opaque10, i64 24, !dbg !10
  %2 = atomicrmw add ptr %at12, i64 %call11 monotonic, align 8, !dbg !10
  br label %joined8, !dbg !10

joined8:                                          ; preds = %missing7, %found6
  %ret14 = load i64, ptr %at3, align 8, !dbg !11
  %negative = icmp slt i64 %ret14, 0, !dbg !11
  br i1 %negative, label %hist_bucket, label %hist_small, !dbg !11

hist_small:                                       ; preds = %joined8
  %exact = icmp eq i64 %ret14, 0, !dbg !11
  br i1 %exact, label %hist_bucket, label %hist_log2, !dbg !11

hist_log2:                                        ; preds = %hist_small
  %high = lshr i64 %ret14, 32, !dbg !11
  %opaque15 = call i64 asm "", "=r,0"(i64 %high) #0, !dbg !11
  %big.not = icmp eq i64 %opaque15, 0, !dbg !11
  %halved = select i1 %big.not, i64 %ret14, i64 %opaque15, !dbg !11
  %log = select i1 %big.not, i64 0, i64 32, !dbg !11
  %high16 = lshr i64 %halved, 16, !dbg !11
  %big17.not = icmp ult i64 %halved, 65536, !dbg !11
  %halved18 = select i1 %big17.not, i64 %halved, i64 %high16, !dbg !11
  %more = or i64 %log, 16, !dbg !11
  %log19 = select i1 %big17.not, i64 %log, i64 %more, !dbg !11
  %high20 = lshr i64 %halved18, 8, !dbg !11
  %big21.not = icmp ult i64 %halved18, 256, !dbg !11
  %halved22 = select i1 %big21.not, i64 %halved18, i64 %high20, !dbg !11
  %more23 = or i64 %log19, 8, !dbg !11
  %log24 = select i1 %big21.not, i64 %log19, i64 %more23, !dbg !11
  %high25 = lshr i64 %halved22, 4, !dbg !11
  %big26.not = icmp ult i64 %halved22, 16, !dbg !11
  %halved27 = select i1 %big26.not, i64 %halved22, i64 %high25, !dbg !11
  %more28 = or i64 %log24, 4, !dbg !11
  %log29 = select i1 %big26.not, i64 %log24, i64 %more28, !dbg !11
  %high30 = lshr i64 %halved27, 2, !dbg !11
  %big31.not = icmp ult i64 %halved27, 4, !dbg !11
  %halved32 = select i1 %big31.not, i64 %halved27, i64 %high30, !dbg !11
  %more33 = add nuw nsw i64 %log29, 2, !dbg !11
  %log34 = select i1 %big31.not, i64 %log29, i64 %more33, !dbg !11
  %big36.not = icmp ugt i64 %halved32, 1, !dbg !11
  %more38 = zext i1 %big36.not to i64, !dbg !11
  %log39 = add nuw nsw i64 %log34, %more38, !dbg !11
  %3 = trunc i64 %log39 to i32, !dbg !11
  %4 = add nuw nsw i32 %3, 2, !dbg !11
  br label %hist_bucket, !dbg !11

hist_bucket:                                      ; preds = %hist_log2, %hist_small, %joined8
  %bucket40 = phi i32 [ 0, %joined8 ], [ 1, %hist_small ], [ %4, %hist_log2 ]
  store i32 %bucket40, ptr %bucket41, align 4, !dbg !11
  %call42 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m3, ptr nonnull %bucket41) #0, !dbg !11
  %is_null43 = icmp eq ptr %call42, null, !dbg !11
  br i1 %is_null43, label %joined46, label %found44, !dbg !11

found44:                                          ; preds = %hist_bucket
  %current47 = load i64, ptr %call42, align 8, !dbg !11
  %counted48 = add i64 %current47, 1, !dbg !11
  store i64 %counted48, ptr %call42, align 8, !dbg !11
  br label %joined46, !dbg !11

joined46:                                         ; preds = %hist_bucket, %found44
  %ret50 = load i64, ptr %at3, align 8, !dbg !12
  %step_index100 = lshr i64 %ret50, 6, !dbg !12
  %below = icmp slt i64 %ret50, 0, !dbg !12
  %above = icmp sgt i64 %ret50, 4095, !dbg !12
  %5 = trunc i64 %step_index100 to i32, !dbg !12
  %6 = add i32 %5, 1, !dbg !12
  %7 = select i1 %above, i32 65, i32 %6, !dbg !12
  %bucket3254 = select i1 %below, i32 0, i32 %7, !dbg !12
  store i32 %bucket3254, ptr %bucket41, align 4, !dbg !12
  %call55 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %bucket41) #0, !dbg !12
  %is_null56 = icmp eq ptr %call55, null, !dbg !12
  br i1 %is_null56, label %joined59, label %found57, !dbg !12

found57:                                          ; preds = %joined46
  %current60 = load i64, ptr %call55, align 8, !dbg !12
  %counted61 = add i64 %current60, 1, !dbg !12
  store i64 %counted61, ptr %call55, align 8, !dbg !12
  br label %joined59, !dbg !12

joined59:                                         ; preds = %joined46, %found57
  %ret63 = load i64, ptr %at3, align 8, !dbg !13
  store i64 0, ptr %small_key, align 8, !dbg !13
  %call64 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m4, ptr nonnull %small_key) #0, !dbg !13
  %is_null65 = icmp eq ptr %call64, null, !dbg !13
  br i1 %is_null65, label %missing67, label %found66, !dbg !13

found66:                                          ; preds = %joined59
  %current69 = load i64, ptr %call64, align 8, !dbg !13
  %at70 = getelementptr i8, ptr %call64, i64 8, !dbg !13
  %set = load i64, ptr %at70, align 8, !dbg !13
  %unset = icmp eq i64 %set, 0, !dbg !13
  %better = icmp slt i64 %ret63, %current69, !dbg !13
  %take = or i1 %better, %unset, !dbg !13
  %extreme = select i1 %take, i64 %ret63, i64 %current69, !dbg !13
  store i64 %extreme, ptr %call64, align 8, !dbg !13
  store i64 1, ptr %at70, align 8, !dbg !13
  br label %joined68, !dbg !13

missing67:                                        ; preds = %joined59
  %opaque71 = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !13
  store i64 %ret63, ptr %value, align 8, !dbg !13
  %at72 = getelementptr inbounds i8, ptr %value, i64 8, !dbg !13
  store i64 1, ptr %at72, align 8, !dbg !13
  %call73 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m4, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !13
  %at74 = getelementptr i8, ptr %opaque71, i64 48, !dbg !13
  %8 = atomicrmw add ptr %at74, i64 %call73 monotonic, align 8, !dbg !13
  br label %joined68, !dbg !13

joined68:                                         ; preds = %missing67, %found66
  store i64 0, ptr %small_key, align 8, !dbg !14
  %call75 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 0) #0, !dbg !14
  %is_null76 = icmp eq ptr %call75, null, !dbg !14
  br i1 %is_null76, label %joined79, label %found77, !dbg !14

found77:                                          ; preds = %joined68
  %copy = load i64, ptr %call75, align 8, !dbg !14
  br label %joined79, !dbg !14

joined79:                                         ; preds = %joined68, %found77
  %merged.0 = phi i64 [ 0, %joined68 ], [ %copy, %found77 ], !dbg !14
  %call80 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 1) #0, !dbg !14
  %is_null81 = icmp eq ptr %call80, null, !dbg !14
  br i1 %is_null81, label %joined84, label %found82, !dbg !14

found82:                                          ; preds = %joined79
  %copy85 = load i64, ptr %call80, align 8, !dbg !14
  %sum87 = add i64 %copy85, %merged.0, !dbg !14
  br label %joined84, !dbg !14

joined84:                                         ; preds = %joined79, %found82
  %merged.1 = phi i64 [ %merged.0, %joined79 ], [ %sum87, %found82 ], !dbg !14
  %cmp = icmp sgt i64 %merged.1, 1000000, !dbg !14
  br i1 %cmp, label %then, label %endif, !dbg !14

then:                                             ; preds = %joined84
  %call88 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 40, i64 0) #0, !dbg !15
  %is_null89 = icmp eq ptr %call88, null, !dbg !15
  br i1 %is_null89, label %missing91, label %found90, !dbg !15

endif:                                            ; preds = %found90, %missing91, %joined84
  ret i64 0, !dbg !15

found90:                                          ; preds = %then
  store i64 -2, ptr %call88, align 8, !dbg !15
  %at93 = getelementptr i8, ptr %call88, i64 8, !dbg !15
  store i64 2, ptr %at93, align 8, !dbg !15
  %at94 = getelementptr i8, ptr %call88, i64 16, !dbg !15
  store i64 1, ptr %at94, align 8, !dbg !15
  %at95 = getelementptr i8, ptr %call88, i64 24, !dbg !15
  store i64 0, ptr %at95, align 8, !dbg !15
  %at96 = getelementptr i8, ptr %call88, i64 32, !dbg !15
  store i64 1, ptr %at96, align 8, !dbg !15
  %call97 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call88, i64 0) #0, !dbg !15
  br label %endif, !dbg !15

missing91:                                        ; preds = %then
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
