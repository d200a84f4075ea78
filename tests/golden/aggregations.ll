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
  %bucket36 = alloca i32, align 4
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
  %negative = icmp slt i64 %ret14, 0, !dbg !11
  br i1 %negative, label %hist_bucket, label %hist_small, !dbg !11

update_failed11:                                  ; preds = %missing6
  %2 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 2), i64 1 monotonic, align 8, !dbg !10
  br label %joined7, !dbg !10

hist_small:                                       ; preds = %joined7
  %exact = icmp eq i64 %ret14, 0, !dbg !11
  br i1 %exact, label %hist_bucket, label %hist_log2, !dbg !11

hist_log2:                                        ; preds = %hist_small
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
  %3 = or i64 %by, %by32, !dbg !11
  %4 = or i64 %3, %by16, !dbg !11
  %5 = or i64 %4, %by20, !dbg !11
  %6 = or i64 %5, %by24, !dbg !11
  %log34 = or i64 %6, %by28, !dbg !11
  %7 = trunc i64 %log34 to i32, !dbg !11
  %8 = add nuw nsw i32 %7, 2, !dbg !11
  br label %hist_bucket, !dbg !11

hist_bucket:                                      ; preds = %hist_log2, %hist_small, %joined7
  %bucket35 = phi i32 [ 0, %joined7 ], [ 1, %hist_small ], [ %8, %hist_log2 ]
  store i32 %bucket35, ptr %bucket36, align 4, !dbg !11
  %call37 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m3, ptr nonnull %bucket36) #0, !dbg !11
  %is_null38 = icmp eq ptr %call37, null, !dbg !11
  br i1 %is_null38, label %joined41, label %found39, !dbg !11

found39:                                          ; preds = %hist_bucket
  %current42 = load i64, ptr %call37, align 8, !dbg !11
  %counted43 = add i64 %current42, 1, !dbg !11
  store i64 %counted43, ptr %call37, align 8, !dbg !11
  br label %joined41, !dbg !11

joined41:                                         ; preds = %hist_bucket, %found39
  %ret45 = load i64, ptr %at, align 8, !dbg !12
  %step_index96 = lshr i64 %ret45, 6, !dbg !12
  %below = icmp slt i64 %ret45, 0, !dbg !12
  %above = icmp sgt i64 %ret45, 4095, !dbg !12
  %9 = trunc i64 %step_index96 to i32, !dbg !12
  %10 = add i32 %9, 1, !dbg !12
  %11 = select i1 %above, i32 65, i32 %10, !dbg !12
  %bucket3249 = select i1 %below, i32 0, i32 %11, !dbg !12
  store i32 %bucket3249, ptr %bucket36, align 4, !dbg !12
  %call50 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %bucket36) #0, !dbg !12
  %is_null51 = icmp eq ptr %call50, null, !dbg !12
  br i1 %is_null51, label %joined54, label %found52, !dbg !12

found52:                                          ; preds = %joined41
  %current55 = load i64, ptr %call50, align 8, !dbg !12
  %counted56 = add i64 %current55, 1, !dbg !12
  store i64 %counted56, ptr %call50, align 8, !dbg !12
  br label %joined54, !dbg !12

joined54:                                         ; preds = %joined41, %found52
  %ret58 = load i64, ptr %at, align 8, !dbg !13
  store i64 0, ptr %small_key, align 8, !dbg !13
  %call59 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m4, ptr nonnull %small_key) #0, !dbg !13
  %is_null60 = icmp eq ptr %call59, null, !dbg !13
  br i1 %is_null60, label %missing62, label %found61, !dbg !13

found61:                                          ; preds = %joined54
  %current64 = load i64, ptr %call59, align 8, !dbg !13
  %at65 = getelementptr i8, ptr %call59, i64 8, !dbg !13
  %set = load i64, ptr %at65, align 8, !dbg !13
  %unset = icmp eq i64 %set, 0, !dbg !13
  %better = icmp slt i64 %ret58, %current64, !dbg !13
  %take = or i1 %better, %unset, !dbg !13
  %extreme = select i1 %take, i64 %ret58, i64 %current64, !dbg !13
  store i64 %extreme, ptr %call59, align 8, !dbg !13
  store i64 1, ptr %at65, align 8, !dbg !13
  br label %joined63, !dbg !13

missing62:                                        ; preds = %joined54
  store i64 %ret58, ptr %value, align 8, !dbg !13
  %at66 = getelementptr inbounds i8, ptr %value, i64 8, !dbg !13
  store i64 1, ptr %at66, align 8, !dbg !13
  %call67 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m4, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !13
  %failed68 = icmp slt i64 %call67, 0, !dbg !13
  br i1 %failed68, label %update_failed69, label %joined63, !dbg !13

joined63:                                         ; preds = %missing62, %update_failed69, %found61
  store i64 0, ptr %small_key, align 8, !dbg !14
  %call71 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 0) #0, !dbg !14
  %is_null72 = icmp eq ptr %call71, null, !dbg !14
  br i1 %is_null72, label %joined75, label %found73, !dbg !14

update_failed69:                                  ; preds = %missing62
  %12 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 5), i64 1 monotonic, align 8, !dbg !13
  br label %joined63, !dbg !13

found73:                                          ; preds = %joined63
  %copy = load i64, ptr %call71, align 8, !dbg !14
  br label %joined75, !dbg !14

joined75:                                         ; preds = %joined63, %found73
  %merged.0 = phi i64 [ 0, %joined63 ], [ %copy, %found73 ], !dbg !14
  %call76 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 1) #0, !dbg !14
  %is_null77 = icmp eq ptr %call76, null, !dbg !14
  br i1 %is_null77, label %joined80, label %found78, !dbg !14

found78:                                          ; preds = %joined75
  %copy81 = load i64, ptr %call76, align 8, !dbg !14
  %sum83 = add i64 %copy81, %merged.0, !dbg !14
  br label %joined80, !dbg !14

joined80:                                         ; preds = %joined75, %found78
  %merged.1 = phi i64 [ %merged.0, %joined75 ], [ %sum83, %found78 ], !dbg !14
  %cmp = icmp sgt i64 %merged.1, 1000000, !dbg !14
  br i1 %cmp, label %then, label %endif, !dbg !14

then:                                             ; preds = %joined80
  %call84 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 40, i64 0) #0, !dbg !15
  %is_null85 = icmp eq ptr %call84, null, !dbg !15
  br i1 %is_null85, label %missing87, label %found86, !dbg !15

endif:                                            ; preds = %found86, %missing87, %joined80
  ret i64 0, !dbg !15

found86:                                          ; preds = %then
  store i64 -2, ptr %call84, align 8, !dbg !15
  %at89 = getelementptr i8, ptr %call84, i64 8, !dbg !15
  store i64 2, ptr %at89, align 8, !dbg !15
  %at90 = getelementptr i8, ptr %call84, i64 16, !dbg !15
  store i64 1, ptr %at90, align 8, !dbg !15
  %at91 = getelementptr i8, ptr %call84, i64 24, !dbg !15
  store i64 0, ptr %at91, align 8, !dbg !15
  %at92 = getelementptr i8, ptr %call84, i64 32, !dbg !15
  store i64 1, ptr %at92, align 8, !dbg !15
  %call93 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call84, i64 0) #0, !dbg !15
  br label %endif, !dbg !15

missing87:                                        ; preds = %then
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
