; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m2 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_counters = global [5 x i64] [i64 1, i64 0, i64 0, i64 0, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "raw_tp/sonde_0" !dbg !3 {
entry:
  %"$i" = alloca i64, align 8
  %"$j" = alloca i64, align 8
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !9
  %"$sum" = alloca i64, align 8
  %small_key = alloca [4 x i64], align 8
  %value19 = alloca [2 x i64], align 8
  %loop_ctx = alloca [8 x ptr], align 8
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %while_body.outer

while_body.outer:                                 ; preds = %entry, %endif13
  %"$i154.ph" = phi i64 [ %add, %endif13 ], [ 0, %entry ]
  %narrow_up5253.ph = phi i64 [ %narrow_up, %endif13 ], [ 0, %entry ]
  br label %while_body, !dbg !10

while_body:                                       ; preds = %while_body.outer, %while_body
  %"$i154" = phi i64 [ %add, %while_body ], [ %"$i154.ph", %while_body.outer ]
  %add = add nuw nsw i64 %"$i154", 1, !dbg !11
  %cmp4 = icmp eq i64 %add, 3, !dbg !10
  br i1 %cmp4, label %while_body, label %endif, !dbg !10

while_end:                                        ; preds = %endif
  store i64 %add, ptr %"$i", align 8, !dbg !12
  store i64 %narrow_up5253.ph, ptr %"$sum", align 8, !dbg !13
  store i64 0, ptr %small_key, align 8, !dbg !14
  %call = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %small_key) #0, !dbg !14
  %is_null = icmp eq ptr %call, null, !dbg !14
  br i1 %is_null, label %joined, label %found, !dbg !14

endif:                                            ; preds = %while_body
  %cmp8 = icmp ugt i64 %"$i154", 7, !dbg !15
  br i1 %cmp8, label %while_end, label %endif13, !dbg !15

endif13:                                          ; preds = %endif
  %add17 = add i64 %narrow_up5253.ph, %add, !dbg !13
  %narrow_up = and i64 %add17, 4294967295, !dbg !13
  br label %while_body.outer, !dbg !13

found:                                            ; preds = %while_end
  %v = load i64, ptr %call, align 8, !dbg !14
  %1 = add i64 %v, 1, !dbg !14
  br label %joined, !dbg !14

joined:                                           ; preds = %while_end, %found
  %loaded.0 = phi i64 [ 1, %while_end ], [ %1, %found ]
  store i64 0, ptr %small_key, align 8, !dbg !14
  store i64 %loaded.0, ptr %value19, align 8, !dbg !14
  %call20 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m2, ptr nonnull %small_key, ptr nonnull %value19, i64 0) #0, !dbg !14
  %failed = icmp slt i64 %call20, 0, !dbg !14
  br i1 %failed, label %update_failed, label %update_done, !dbg !14

update_failed:                                    ; preds = %joined
  %2 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 4), i64 %call20 monotonic, align 8, !dbg !14
  br label %update_done, !dbg !14

update_done:                                      ; preds = %update_failed, %joined
  store i64 0, ptr %small_key, align 8, !dbg !14
  %call21 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %small_key) #0, !dbg !14
  %is_null23 = icmp eq ptr %call21, null, !dbg !14
  br i1 %is_null23, label %joined26, label %found24, !dbg !14

found24:                                          ; preds = %update_done
  %v27 = load i64, ptr %call21, align 8, !dbg !14
  %3 = add i64 %v27, 1, !dbg !14
  br label %joined26, !dbg !14

joined26:                                         ; preds = %update_done, %found24
  %loaded22.0 = phi i64 [ 1, %update_done ], [ %3, %found24 ]
  store i64 0, ptr %small_key, align 8, !dbg !14
  store i64 %loaded22.0, ptr %value19, align 8, !dbg !14
  %call30 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m2, ptr nonnull %small_key, ptr nonnull %value19, i64 0) #0, !dbg !14
  %failed31 = icmp slt i64 %call30, 0, !dbg !14
  br i1 %failed31, label %update_failed32, label %update_done33, !dbg !14

update_failed32:                                  ; preds = %joined26
  %4 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 4), i64 %call30 monotonic, align 8, !dbg !14
  br label %update_done33, !dbg !14

update_done33:                                    ; preds = %update_failed32, %joined26
  %range_iterations = call i64 @llvm.umin.i64(i64 %add, i64 8388608), !dbg !16
  store ptr %0, ptr %loop_ctx, align 8, !dbg !16
  %at = getelementptr inbounds i8, ptr %loop_ctx, i64 8, !dbg !16
  store ptr %string_area, ptr %at, align 8, !dbg !16
  %at35 = getelementptr inbounds i8, ptr %loop_ctx, i64 16, !dbg !16
  %at36 = getelementptr inbounds i8, ptr %loop_ctx, i64 24, !dbg !16
  %at37 = getelementptr inbounds i8, ptr %loop_ctx, i64 32, !dbg !16
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at35, i8 0, i64 16, i1 false), !dbg !16
  store ptr %"$i", ptr %at37, align 8, !dbg !16
  %at38 = getelementptr inbounds i8, ptr %loop_ctx, i64 40, !dbg !16
  store ptr %"$j", ptr %at38, align 8, !dbg !16
  %at39 = getelementptr inbounds i8, ptr %loop_ctx, i64 48, !dbg !16
  store ptr %string_area, ptr %at39, align 8, !dbg !16
  %at40 = getelementptr inbounds i8, ptr %loop_ctx, i64 56, !dbg !16
  store ptr %"$sum", ptr %at40, align 8, !dbg !16
  %call41 = call i64 inttoptr (i64 181 to ptr)(i64 %range_iterations, ptr nonnull @sonde_0_loop, ptr nonnull %loop_ctx, i64 0) #0, !dbg !17
  %exited.pre = load i64, ptr %at36, align 8, !dbg !17
  %5 = icmp eq i64 %exited.pre, 0, !dbg !17
  br i1 %5, label %loop_done, label %common.ret, !dbg !17

common.ret:                                       ; preds = %entry, %loop_done, %update_failed47, %update_done33
  ret i64 0

loop_done:                                        ; preds = %update_done33
  %"$sum44" = load i64, ptr %"$sum", align 8, !dbg !18
  store i64 0, ptr %small_key, align 8, !dbg !18
  store i64 %"$sum44", ptr %value19, align 8, !dbg !18
  %call45 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value19, i64 0) #0, !dbg !18
  %failed46 = icmp slt i64 %call45, 0, !dbg !18
  br i1 %failed46, label %update_failed47, label %common.ret, !dbg !18

update_failed47:                                  ; preds = %loop_done
  %6 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 3), i64 %call45 monotonic, align 8, !dbg !18
  br label %common.ret, !dbg !18
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: nounwind
define internal i64 @sonde_0_loop(ptr %0, ptr nocapture readonly %1) #0 section ".text" !dbg !19 {
entry:
  %small_key = alloca [4 x i64], align 8
  %value = alloca [2 x i64], align 8
  %at1 = getelementptr i8, ptr %1, i64 40
  %"$j" = load ptr, ptr %at1, align 8
  %at2 = getelementptr i8, ptr %1, i64 48
  %"$k" = load ptr, ptr %at2, align 8
  %at4 = getelementptr i8, ptr %1, i64 16
  %loop_value = load i64, ptr %at4, align 8
  %index = ptrtoint ptr %0 to i64, !dbg !22
  %loop_var = add i64 %loop_value, %index, !dbg !22
  store i64 %loop_var, ptr %"$j", align 8, !dbg !22
  %cmp = icmp eq i64 %loop_var, 1, !dbg !23
  br i1 %cmp, label %common.ret, label %while_cond, !dbg !23

common.ret:                                       ; preds = %while_end, %update_failed, %entry
  ret i64 0, !dbg !24

while_cond:                                       ; preds = %entry, %while_cond
  %storemerge = phi i64 [ %add, %while_cond ], [ 0, %entry ], !dbg !24
  store i64 %storemerge, ptr %"$k", align 8, !dbg !24
  %"$j9" = load i64, ptr %"$j", align 8, !dbg !25
  %cmp10 = icmp slt i64 %storemerge, %"$j9", !dbg !25
  %cmp14 = icmp ult i64 %storemerge, 4, !dbg !25
  %logic.0.in = and i1 %cmp14, %cmp10, !dbg !25
  %add = add nuw nsw i64 %storemerge, 1, !dbg !26
  br i1 %logic.0.in, label %while_cond, label %while_end, !dbg !25

while_end:                                        ; preds = %while_cond
  store i64 %"$j9", ptr %small_key, align 8, !dbg !27
  store i64 %storemerge, ptr %value, align 8, !dbg !27
  %call = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !27
  %failed = icmp slt i64 %call, 0, !dbg !27
  br i1 %failed, label %update_failed, label %common.ret, !dbg !27

update_failed:                                    ; preds = %while_end
  %2 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 2), i64 %call monotonic, align 8, !dbg !27
  br label %common.ret, !dbg !27
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.umin.i64(i64, i64) #2

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "loops.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 3, type: !4, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 3, column: 1, scope: !3)
!10 = !DILocation(line: 8, column: 5, scope: !3)
!11 = !DILocation(line: 7, column: 5, scope: !3)
!12 = !DILocation(line: 0, scope: !3)
!13 = !DILocation(line: 10, column: 5, scope: !3)
!14 = !DILocation(line: 12, column: 15, scope: !3)
!15 = !DILocation(line: 9, column: 5, scope: !3)
!16 = !DILocation(line: 13, column: 3, scope: !3)
!17 = !DILocation(line: 13, column: 13, scope: !3)
!18 = !DILocation(line: 19, column: 3, scope: !3)
!19 = distinct !DISubprogram(name: "sonde_0_loop", linkageName: "sonde_0_loop", scope: null, file: !2, line: 13, type: !20, scopeLine: 13, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!20 = !DISubroutineType(types: !21)
!21 = !{!6, !7, !7}
!22 = !DILocation(line: 13, column: 13, scope: !19)
!23 = !DILocation(line: 14, column: 5, scope: !19)
!24 = !DILocation(line: 0, scope: !19)
!25 = !DILocation(line: 16, column: 12, scope: !19)
!26 = !DILocation(line: 16, column: 33, scope: !19)
!27 = !DILocation(line: 17, column: 5, scope: !19)
