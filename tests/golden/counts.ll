; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 4, i32 4, i32 4, i32 0, i32 0 }, section "maps", align 4
@sonde_scratch = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 40, i32 1, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 128, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 1, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_failed_updates = global [2 x i64] zeroinitializer, section ".bss", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readnone %0) local_unnamed_addr #0 section "tracepoint/sonde_0" {
entry:
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0
  %small_key = alloca [4 x i64], align 8
  %value515 = alloca [2 x i64], align 8
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %body

body:                                             ; preds = %entry
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(64) %string_area, i8 0, i64 64, i1 false)
  %call = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %string_area, i64 16) #0
  %const_str = getelementptr i8, ptr %string_area, i64 64
  store i64 1953066601, ptr %const_str, align 8
  %at = getelementptr i8, ptr %string_area, i64 72
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(56) %at, i8 0, i64 56, i1 false)
  %ca = load i8, ptr %string_area, align 1
  %same = icmp eq i8 %ca, 105
  br i1 %same, label %str_next, label %pred_true

str_next:                                         ; preds = %body
  %at7 = getelementptr i8, ptr %string_area, i64 1
  %ca9 = load i8, ptr %at7, align 1
  %same11 = icmp eq i8 %ca9, 110
  br i1 %same11, label %str_next14, label %pred_true

str_next14:                                       ; preds = %str_next
  %at15 = getelementptr i8, ptr %string_area, i64 2
  %ca17 = load i8, ptr %at15, align 1
  %same19 = icmp eq i8 %ca17, 105
  br i1 %same19, label %str_next22, label %pred_true

str_next22:                                       ; preds = %str_next14
  %at23 = getelementptr i8, ptr %string_area, i64 3
  %ca25 = load i8, ptr %at23, align 1
  %same27 = icmp eq i8 %ca25, 116
  br i1 %same27, label %str_next30, label %pred_true

str_next30:                                       ; preds = %str_next22
  %at31 = getelementptr i8, ptr %string_area, i64 4
  %ca33 = load i8, ptr %at31, align 1
  %same35 = icmp eq i8 %ca33, 0
  br i1 %same35, label %common.ret, label %pred_true

pred_true:                                        ; preds = %body, %str_next, %str_next14, %str_next22, %str_next30
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, i8 0, i64 16, i1 false)
  %call512 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %small_key, i64 16) #0
  %call513 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0
  %is_null = icmp eq ptr %call513, null
  br i1 %is_null, label %joined, label %found

common.ret:                                       ; preds = %str_next30, %entry, %update_done, %update_failed520
  ret i64 0

found:                                            ; preds = %pred_true
  %v = load i64, ptr %call513, align 8
  %1 = add i64 %v, 1
  br label %joined

joined:                                           ; preds = %pred_true, %found
  %loaded.0 = phi i64 [ 1, %pred_true ], [ %1, %found ]
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, i8 0, i64 16, i1 false)
  %call514 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %small_key, i64 16) #0
  store i64 %loaded.0, ptr %value515, align 8
  %call516 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value515, i64 0) #0
  %failed = icmp slt i64 %call516, 0
  br i1 %failed, label %update_failed, label %update_done

update_failed:                                    ; preds = %joined
  %2 = atomicrmw add ptr getelementptr inbounds ([2 x i64], ptr @sonde_failed_updates, i64 0, i64 1), i64 1 monotonic, align 8
  br label %update_done

update_done:                                      ; preds = %update_failed, %joined
  %call517 = call i64 inttoptr (i64 5 to ptr)() #0
  store i64 0, ptr %small_key, align 8
  store i64 %call517, ptr %value515, align 8
  %call518 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value515, i64 0) #0
  %failed519 = icmp slt i64 %call518, 0
  br i1 %failed519, label %update_failed520, label %common.ret

update_failed520:                                 ; preds = %update_done
  %3 = atomicrmw add ptr @sonde_failed_updates, i64 1 monotonic, align 8
  br label %common.ret
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
