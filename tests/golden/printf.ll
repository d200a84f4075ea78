; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 1032, i32 1, i32 0 }, section "maps", align 4
@sonde_counters = global [2 x i64] [i64 1, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readonly %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !9
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %body

body:                                             ; preds = %entry
  %call = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !9
  %at = getelementptr i8, ptr %0, i64 24, !dbg !9
  %filename = load i64, ptr %at, align 8, !dbg !9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %string_area, i8 0, i64 1024, i1 false), !dbg !9
  %at2 = getelementptr i8, ptr %string_area, i64 1024, !dbg !9
  %opaque = call ptr asm "", "=r,0"(ptr %at2) #0, !dbg !9
  store i64 0, ptr %opaque, align 8, !dbg !9
  %src = inttoptr i64 %filename to ptr, !dbg !9
  %call3 = call i64 inttoptr (i64 114 to ptr)(ptr nonnull %string_area, i64 1025, ptr %src) #0, !dbg !9
  %call4 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 1064, i64 0) #0, !dbg !9
  %is_null = icmp eq ptr %call4, null, !dbg !9
  br i1 %is_null, label %missing, label %found, !dbg !9

found:                                            ; preds = %body
  %pid = lshr i64 %call, 32, !dbg !9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %call4, i8 0, i64 1024, i1 false), !dbg !9
  %at5 = getelementptr i8, ptr %call4, i64 1024, !dbg !9
  %opaque6 = call ptr asm "", "=r,0"(ptr %at5) #0, !dbg !9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(40) %opaque6, i8 0, i64 40, i1 false), !dbg !9
  store i64 0, ptr %call4, align 8, !dbg !9
  %at7 = getelementptr i8, ptr %call4, i64 8, !dbg !9
  %call8 = call i64 inttoptr (i64 16 to ptr)(ptr %at7, i64 16) #0, !dbg !9
  %at9 = getelementptr i8, ptr %call4, i64 24, !dbg !9
  store i64 %pid, ptr %at9, align 8, !dbg !9
  %at10 = getelementptr i8, ptr %call4, i64 32, !dbg !9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(1024) %at10, ptr noundef nonnull align 8 dereferenceable(1024) %string_area, i64 1024, i1 false), !dbg !9
  %at11 = getelementptr i8, ptr %call4, i64 1056, !dbg !9
  %opaque12 = call ptr asm "", "=r,0"(ptr %at11) #0, !dbg !9
  %opaque14 = call ptr asm "", "=r,0"(ptr %at2) #0, !dbg !9
  %1 = load i64, ptr %opaque14, align 8, !dbg !9
  store i64 %1, ptr %opaque12, align 8, !dbg !9
  %call15 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call4, i64 0) #0, !dbg !9
  br label %common.ret, !dbg !9

missing:                                          ; preds = %body
  %2 = atomicrmw add ptr getelementptr inbounds ([2 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !9
  br label %common.ret, !dbg !9

common.ret:                                       ; preds = %entry, %found, %missing
  ret i64 0
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "printf.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 2, type: !4, scopeLine: 2, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 3, column: 3, scope: !3)
