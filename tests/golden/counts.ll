; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 4, i32 4, i32 4, i32 0, i32 0 }, section "maps", align 4
@sonde_scratch = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 40, i32 1, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 392, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 1, i32 64, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_errors = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 2, i32 0 }, section "maps", align 4
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr nocapture readnone %0) local_unnamed_addr #0 section "tracepoint/sonde_0" {
entry:
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0
  %value521 = alloca [2 x i64], align 8
  %error_slot = alloca i32, align 4
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
  %key = getelementptr i8, ptr %string_area, i64 128
  %comm = getelementptr i8, ptr %string_area, i64 192
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(64) %comm, i8 0, i64 64, i1 false)
  %call514 = call i64 inttoptr (i64 16 to ptr)(ptr %comm, i64 16) #0
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(64) %key, ptr noundef nonnull align 8 dereferenceable(64) %comm, i64 64, i1 false)
  %call515 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr %key) #0
  %is_null = icmp eq ptr %call515, null
  br i1 %is_null, label %joined, label %found

common.ret:                                       ; preds = %str_next30, %entry, %found537, %update_failed533, %update_done
  ret i64 0

found:                                            ; preds = %pred_true
  %v = load i64, ptr %call515, align 8
  %1 = add i64 %v, 1
  br label %joined

joined:                                           ; preds = %pred_true, %found
  %loaded.0 = phi i64 [ 1, %pred_true ], [ %1, %found ]
  %key517 = getelementptr i8, ptr %string_area, i64 256
  %comm519 = getelementptr i8, ptr %string_area, i64 320
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(64) %comm519, i8 0, i64 64, i1 false)
  %call520 = call i64 inttoptr (i64 16 to ptr)(ptr %comm519, i64 16) #0
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(64) %key517, ptr noundef nonnull align 8 dereferenceable(64) %comm519, i64 64, i1 false)
  store i64 %loaded.0, ptr %value521, align 8
  %call522 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr %key517, ptr nonnull %value521, i64 0) #0
  %failed = icmp slt i64 %call522, 0
  br i1 %failed, label %update_failed, label %update_done

update_failed:                                    ; preds = %joined
  store i32 1, ptr %error_slot, align 4
  %call523 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_errors, ptr nonnull %error_slot) #0
  %is_null524 = icmp eq ptr %call523, null
  br i1 %is_null524, label %update_done, label %found525

update_done:                                      ; preds = %found525, %update_failed, %joined
  %call528 = call i64 inttoptr (i64 5 to ptr)() #0
  %key530 = getelementptr i8, ptr %string_area, i64 384
  store i64 0, ptr %key530, align 8
  store i64 %call528, ptr %value521, align 8
  %call531 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %key530, ptr nonnull %value521, i64 0) #0
  %failed532 = icmp slt i64 %call531, 0
  br i1 %failed532, label %update_failed533, label %common.ret

found525:                                         ; preds = %update_failed
  %errors = load i64, ptr %call523, align 8
  %errors1 = add i64 %errors, 1
  store i64 %errors1, ptr %call523, align 8
  br label %update_done

update_failed533:                                 ; preds = %update_done
  store i32 0, ptr %error_slot, align 4
  %call535 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_errors, ptr nonnull %error_slot) #0
  %is_null536 = icmp eq ptr %call535, null
  br i1 %is_null536, label %common.ret, label %found537

found537:                                         ; preds = %update_failed533
  %errors540 = load i64, ptr %call535, align 8
  %errors1541 = add i64 %errors540, 1
  store i64 %errors1541, ptr %call535, align 8
  br label %common.ret
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }
