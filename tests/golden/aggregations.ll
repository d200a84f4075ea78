; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 2, i32 0 }, section "maps", align 4
@sonde_strings = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 5, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m2 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m3 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m4 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 16, i32 4096, i32 0 }, section "maps", align 4
@sonde_counters = global [6 x i64] zeroinitializer, section ".bss", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readonly %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %small_key = alloca [4 x i64], align 8
  %value = alloca [2 x i64], align 8
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
  %failed = icmp slt i64 %call2, 0, !dbg !9
  br i1 %failed, label %update_failed, label %joined, !dbg !9

joined:                                           ; preds = %missing, %update_failed, %found
  %at = getelementptr i8, ptr %0, i64 16, !dbg !10
  %ret = load i64, ptr %at, align 8, !dbg !10
  store i64 0, ptr %small_key, align 8, !dbg !10
  %call3 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null4 = icmp eq ptr %call3, null, !dbg !10
  br i1 %is_null4, label %missing6, label %found5, !dbg !10

update_failed:                                    ; preds = %missing
  %1 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !9
  br label %joined, !dbg !9

found5:                                           ; preds = %joined
  %current8 = load i64, ptr %call3, align 8, !dbg !10
  %summed = add i64 %current8, %ret, !dbg !10
  store i64 %summed, ptr %call3, align 8, !dbg !10
  br label %joined7, !dbg !10

missing6:                                         ; preds = %joined
  store i64 %ret, ptr %value, align 8, !dbg !10
  %call9 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !10
  %failed10 = icmp slt i64 %call9, 0, !dbg !10
  br i1 %failed10, label %update_failed11, label %joined7, !dbg !10

joined7:                                          ; preds = %missing6, %update_failed11, %found5
  %ret14 = load i64, ptr %at, align 8, !dbg !11
  %big = icmp ugt i64 %ret14, 4294967295, !dbg !11
  %by = select i1 %big, i64 32, i64 0, !dbg !11
  %halved = lshr i64 %ret14, %by, !dbg !11
  %big15 = icmp ugt i64 %halved, 65535, !dbg !11
  %by16 = select i1 %big15, i64 16, i64 0, !dbg !11
  %halved17 = lshr i64 %halved, %by16, !dbg !11
  %big19 = icmp ugt i64 %halved17, 255, !dbg !11
  %by20 = select i1 %big19, i64 8, i64 0, !dbg !11
  %halved21 = lshr i64 %halved17, %by20, !dbg !11
  %big23 = icmp ugt i64 %halved21, 15, !dbg !11
  %by24 = select i1 %big23, i64 4, i64 0, !dbg !11
  %halved25 = lshr i64 %halved21, %by24, !dbg !11
  %big27 = icmp ugt i64 %halved25, 3, !dbg !11
  %by28 = select i1 %big27, i64 2, i64 0, !dbg !11
  %halved29 = lshr i64 %halved25, %by28, !dbg !11
  %big31 = icmp ugt i64 %halved29, 1, !dbg !11
  %by32 = zext i1 %big31 to i64, !dbg !11
  %2 = or i64 %by, %by16, !dbg !11
  %3 = or i64 %2, %by20, !dbg !11
  %4 = or i64 %3, %by24, !dbg !11
  %5 = or i64 %4, 2, !dbg !11
  %log34 = add nuw nsw i64 %5, %by28, !dbg !11
  %bucket = or i64 %log34, %by32, !dbg !11
  %exact = icmp ult i64 %ret14, 2, !dbg !11
  %exact_bucket = add i64 %ret14, 1, !dbg !11
  %bucket35 = select i1 %exact, i64 %exact_bucket, i64 %bucket, !dbg !11
  %negative = icmp slt i64 %ret14, 0, !dbg !11
  %bucket36 = select i1 %negative, i64 0, i64 %bucket35, !dbg !11
  store i64 %bucket36, ptr %small_key, align 8, !dbg !11
  %call37 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m3, ptr nonnull %small_key) #0, !dbg !11
  %is_null38 = icmp eq ptr %call37, null, !dbg !11
  br i1 %is_null38, label %missing40, label %found39, !dbg !11

update_failed11:                                  ; preds = %missing6
  %6 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 2), i64 1 monotonic, align 8, !dbg !10
  br label %joined7, !dbg !10

found39:                                          ; preds = %joined7
  %current42 = load i64, ptr %call37, align 8, !dbg !11
  %counted43 = add i64 %current42, 1, !dbg !11
  store i64 %counted43, ptr %call37, align 8, !dbg !11
  br label %joined41, !dbg !11

missing40:                                        ; preds = %joined7
  store i64 1, ptr %value, align 8, !dbg !11
  %call44 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m3, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !11
  %failed45 = icmp slt i64 %call44, 0, !dbg !11
  br i1 %failed45, label %update_failed46, label %joined41, !dbg !11

joined41:                                         ; preds = %missing40, %update_failed46, %found39
  %ret49 = load i64, ptr %at, align 8, !dbg !12
  %step_index103 = lshr i64 %ret49, 6, !dbg !12
  %bucket50 = add nuw nsw i64 %step_index103, 1, !dbg !12
  %below = icmp slt i64 %ret49, 0, !dbg !12
  %above = icmp sgt i64 %ret49, 4095, !dbg !12
  %bucket51 = select i1 %above, i64 65, i64 %bucket50, !dbg !12
  %bucket52 = select i1 %below, i64 0, i64 %bucket51, !dbg !12
  store i64 %bucket52, ptr %small_key, align 8, !dbg !12
  %call53 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %small_key) #0, !dbg !12
  %is_null54 = icmp eq ptr %call53, null, !dbg !12
  br i1 %is_null54, label %missing56, label %found55, !dbg !12

update_failed46:                                  ; preds = %missing40
  %7 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 4), i64 1 monotonic, align 8, !dbg !11
  br label %joined41, !dbg !11

found55:                                          ; preds = %joined41
  %current58 = load i64, ptr %call53, align 8, !dbg !12
  %counted59 = add i64 %current58, 1, !dbg !12
  store i64 %counted59, ptr %call53, align 8, !dbg !12
  br label %joined57, !dbg !12

missing56:                                        ; preds = %joined41
  store i64 1, ptr %value, align 8, !dbg !12
  %call60 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m2, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !12
  %failed61 = icmp slt i64 %call60, 0, !dbg !12
  br i1 %failed61, label %update_failed62, label %joined57, !dbg !12

joined57:                                         ; preds = %missing56, %update_failed62, %found55
  %ret65 = load i64, ptr %at, align 8, !dbg !13
  store i64 0, ptr %small_key, align 8, !dbg !13
  %call66 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m4, ptr nonnull %small_key) #0, !dbg !13
  %is_null67 = icmp eq ptr %call66, null, !dbg !13
  br i1 %is_null67, label %missing69, label %found68, !dbg !13

update_failed62:                                  ; preds = %missing56
  %8 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 3), i64 1 monotonic, align 8, !dbg !12
  br label %joined57, !dbg !12

found68:                                          ; preds = %joined57
  %current71 = load i64, ptr %call66, align 8, !dbg !13
  %at72 = getelementptr i8, ptr %call66, i64 8, !dbg !13
  %set = load i64, ptr %at72, align 8, !dbg !13
  %unset = icmp eq i64 %set, 0, !dbg !13
  %better = icmp slt i64 %ret65, %current71, !dbg !13
  %take = or i1 %better, %unset, !dbg !13
  %extreme = select i1 %take, i64 %ret65, i64 %current71, !dbg !13
  store i64 %extreme, ptr %call66, align 8, !dbg !13
  store i64 1, ptr %at72, align 8, !dbg !13
  br label %joined70, !dbg !13

missing69:                                        ; preds = %joined57
  store i64 %ret65, ptr %value, align 8, !dbg !13
  %at73 = getelementptr inbounds i8, ptr %value, i64 8, !dbg !13
  store i64 1, ptr %at73, align 8, !dbg !13
  %call74 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m4, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !13
  %failed75 = icmp slt i64 %call74, 0, !dbg !13
  br i1 %failed75, label %update_failed76, label %joined70, !dbg !13

joined70:                                         ; preds = %missing69, %update_failed76, %found68
  store i64 0, ptr %small_key, align 8, !dbg !14
  %call78 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 0) #0, !dbg !14
  %is_null79 = icmp eq ptr %call78, null, !dbg !14
  br i1 %is_null79, label %joined82, label %found80, !dbg !14

update_failed76:                                  ; preds = %missing69
  %9 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 5), i64 1 monotonic, align 8, !dbg !13
  br label %joined70, !dbg !13

found80:                                          ; preds = %joined70
  %copy = load i64, ptr %call78, align 8, !dbg !14
  br label %joined82, !dbg !14

joined82:                                         ; preds = %joined70, %found80
  %merged.0 = phi i64 [ 0, %joined70 ], [ %copy, %found80 ], !dbg !14
  %call83 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 1) #0, !dbg !14
  %is_null84 = icmp eq ptr %call83, null, !dbg !14
  br i1 %is_null84, label %joined87, label %found85, !dbg !14

found85:                                          ; preds = %joined82
  %copy88 = load i64, ptr %call83, align 8, !dbg !14
  %sum90 = add i64 %copy88, %merged.0, !dbg !14
  br label %joined87, !dbg !14

joined87:                                         ; preds = %joined82, %found85
  %merged.1 = phi i64 [ %merged.0, %joined82 ], [ %sum90, %found85 ], !dbg !14
  %cmp = icmp sgt i64 %merged.1, 1000000, !dbg !14
  br i1 %cmp, label %then, label %endif, !dbg !14

then:                                             ; preds = %joined87
  %call91 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 40, i64 0) #0, !dbg !15
  %is_null92 = icmp eq ptr %call91, null, !dbg !15
  br i1 %is_null92, label %missing94, label %found93, !dbg !15

endif:                                            ; preds = %found93, %missing94, %joined87
  ret i64 0, !dbg !15

found93:                                          ; preds = %then
  store i64 -2, ptr %call91, align 8, !dbg !15
  %at96 = getelementptr i8, ptr %call91, i64 8, !dbg !15
  store i64 2, ptr %at96, align 8, !dbg !15
  %at97 = getelementptr i8, ptr %call91, i64 16, !dbg !15
  store i64 1, ptr %at97, align 8, !dbg !15
  %at98 = getelementptr i8, ptr %call91, i64 24, !dbg !15
  store i64 0, ptr %at98, align 8, !dbg !15
  %at99 = getelementptr i8, ptr %call91, i64 32, !dbg !15
  store i64 1, ptr %at99, align 8, !dbg !15
  %call100 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call91, i64 0) #0, !dbg !15
  br label %endif, !dbg !15

missing94:                                        ; preds = %then
  %10 = atomicrmw add ptr @sonde_counters, i64 1 monotonic, align 8, !dbg !15
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
