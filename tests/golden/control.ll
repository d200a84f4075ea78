; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 4, i32 4, i32 4, i32 0, i32 0 }, section "maps", align 4
@sonde_scratch = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 16, i32 1, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 16, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "raw_tp/sonde_0" {
entry:
  %strings_key = alloca i32, align 4
  store i32 0, ptr %strings_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %strings_key) #0
  %value = alloca i64, align 8
  %scratch_key = alloca i32, align 4
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %then

then:                                             ; preds = %entry
  store i64 0, ptr %string_area, align 8
  store i64 1, ptr %value, align 8
  %call = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %string_area, ptr nonnull %value, i64 0) #0
  store i32 0, ptr %scratch_key, align 4
  %call20 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_scratch, ptr nonnull %scratch_key) #0
  %is_null = icmp eq ptr %call20, null
  br i1 %is_null, label %common.ret, label %found

found:                                            ; preds = %then
  store i64 -1, ptr %call20, align 8
  %at = getelementptr i8, ptr %call20, i64 8
  store i64 0, ptr %at, align 8
  %call21 = call i64 inttoptr (i64 25 to ptr)(ptr %0, ptr nonnull @sonde_events, i64 4294967295, ptr nonnull %call20, i64 16) #0
  br label %common.ret

common.ret:                                       ; preds = %entry, %found, %then
  ret i64 0
}

attributes #0 = { nounwind }
