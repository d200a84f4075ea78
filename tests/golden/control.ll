; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_counters = global [3 x i64] [i64 1, i64 0, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readnone %0) local_unnamed_addr #0 section "raw_tp/sonde_0" !dbg !3 {
entry:
  %small_key = alloca [4 x i64], align 8
  %value = alloca [2 x i64], align 8
  store i64 0, ptr %small_key, align 8, !dbg !9
  store i64 1, ptr %value, align 8, !dbg !9
  %call = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !9
  %failed = icmp slt i64 %call, 0, !dbg !9
  br i1 %failed, label %update_failed, label %endif, !dbg !9

endif:                                            ; preds = %entry, %update_failed
  %call28 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 16, i64 0) #0, !dbg !10
  %is_null = icmp eq ptr %call28, null, !dbg !10
  br i1 %is_null, label %missing, label %found, !dbg !10

update_failed:                                    ; preds = %entry
  %1 = atomicrmw add ptr getelementptr inbounds ([3 x i64], ptr @sonde_counters, i64 0, i64 2), i64 %call monotonic, align 8, !dbg !9
  br label %endif, !dbg !9

found:                                            ; preds = %endif
  store i64 -1, ptr %call28, align 8, !dbg !10
  %at = getelementptr i8, ptr %call28, i64 8, !dbg !10
  store i64 0, ptr %at, align 8, !dbg !10
  %call29 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call28, i64 0) #0, !dbg !10
  br label %joined, !dbg !10

missing:                                          ; preds = %endif
  %2 = atomicrmw add ptr getelementptr inbounds ([3 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !10
  br label %joined, !dbg !10

joined:                                           ; preds = %missing, %found
  ret i64 0, !dbg !10
}

attributes #0 = { nounwind }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "control.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 2, type: !4, scopeLine: 2, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 4, column: 36, scope: !3)
!10 = !DILocation(line: 5, column: 3, scope: !3)
