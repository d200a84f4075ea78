; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 4, i32 4, i32 4, i32 0, i32 0 }, section "maps", align 4
@sonde_scratch = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 40, i32 1, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 16, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_errors = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "raw_tp/sonde_0" {
entry:
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0
  %value = alloca [2 x i64], align 8
  %error_slot = alloca i32, align 4
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %then

then:                                             ; preds = %entry
  store i64 0, ptr %string_area, align 8
  store i64 1, ptr %value, align 8
  %call = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %string_area, ptr nonnull %value, i64 0) #0
  %failed = icmp slt i64 %call, 0
  br i1 %failed, label %update_failed, label %endif

endif:                                            ; preds = %found, %update_failed, %then
  %call30 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_scratch, ptr nonnull %zero_key) #0
  %is_null31 = icmp eq ptr %call30, null
  br i1 %is_null31, label %common.ret, label %found32

update_failed:                                    ; preds = %then
  store i32 0, ptr %error_slot, align 4
  %call14 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_errors, ptr nonnull %error_slot) #0
  %is_null = icmp eq ptr %call14, null
  br i1 %is_null, label %endif, label %found

found:                                            ; preds = %update_failed
  %errors = load i64, ptr %call14, align 8
  %errors1 = add i64 %errors, 1
  store i64 %errors1, ptr %call14, align 8
  br label %endif

found32:                                          ; preds = %endif
  store i64 -1, ptr %call30, align 8
  %at = getelementptr i8, ptr %call30, i64 8
  store i64 0, ptr %at, align 8
  %call35 = call i64 inttoptr (i64 25 to ptr)(ptr %0, ptr nonnull @sonde_events, i64 4294967295, ptr nonnull %call30, i64 16) #0
  br label %common.ret

common.ret:                                       ; preds = %entry, %found32, %endif
  ret i64 0
}

attributes #0 = { nounwind }
