; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 4, i32 4, i32 4, i32 0, i32 0 }, section "maps", align 4
@sonde_scratch = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 40, i32 1, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@sonde_strings = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 8, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 5, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m2 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m3 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m4 = global { i32, i32, i32, i32, i32 } { i32 5, i32 8, i32 16, i32 4096, i32 0 }, section "maps", align 4
@sonde_failed_updates = global [5 x i64] zeroinitializer, section ".bss", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "tracepoint/sonde_0" {
entry:
  %small_key = alloca [4 x i64], align 8
  %value = alloca [2 x i64], align 8
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %small_key, i64 16) #0
  %call1 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m0, ptr nonnull %small_key) #0
  %is_null = icmp eq ptr %call1, null
  br i1 %is_null, label %missing, label %found

found:                                            ; preds = %entry
  %current = load i64, ptr %call1, align 8
  %counted = add i64 %current, 1
  store i64 %counted, ptr %call1, align 8
  br label %joined

missing:                                          ; preds = %entry
  store i64 1, ptr %value, align 8
  %call2 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0
  %failed = icmp slt i64 %call2, 0
  br i1 %failed, label %update_failed, label %joined

joined:                                           ; preds = %missing, %update_failed, %found
  %at = getelementptr i8, ptr %0, i64 16
  %ret = load i64, ptr %at, align 8
  store i64 0, ptr %small_key, align 8
  %call3 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0
  %is_null4 = icmp eq ptr %call3, null
  br i1 %is_null4, label %missing6, label %found5

update_failed:                                    ; preds = %missing
  %1 = atomicrmw add ptr @sonde_failed_updates, i64 1 monotonic, align 8
  br label %joined

found5:                                           ; preds = %joined
  %current8 = load i64, ptr %call3, align 8
  %summed = add i64 %current8, %ret
  store i64 %summed, ptr %call3, align 8
  br label %joined7

missing6:                                         ; preds = %joined
  store i64 %ret, ptr %value, align 8
  %call9 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0
  %failed10 = icmp slt i64 %call9, 0
  br i1 %failed10, label %update_failed11, label %joined7

joined7:                                          ; preds = %missing6, %update_failed11, %found5
  %ret14 = load i64, ptr %at, align 8
  %big = icmp ugt i64 %ret14, 4294967295
  %by = select i1 %big, i64 32, i64 0
  %halved = lshr i64 %ret14, %by
  %big15 = icmp ugt i64 %halved, 65535
  %by16 = select i1 %big15, i64 16, i64 0
  %halved17 = lshr i64 %halved, %by16
  %big19 = icmp ugt i64 %halved17, 255
  %by20 = select i1 %big19, i64 8, i64 0
  %halved21 = lshr i64 %halved17, %by20
  %big23 = icmp ugt i64 %halved21, 15
  %by24 = select i1 %big23, i64 4, i64 0
  %halved25 = lshr i64 %halved21, %by24
  %big27 = icmp ugt i64 %halved25, 3
  %by28 = select i1 %big27, i64 2, i64 0
  %halved29 = lshr i64 %halved25, %by28
  %big31 = icmp ugt i64 %halved29, 1
  %by32 = zext i1 %big31 to i64
  %2 = or i64 %by, %by16
  %3 = or i64 %2, %by20
  %4 = or i64 %3, %by24
  %5 = or i64 %4, 2
  %log34 = add nuw nsw i64 %5, %by28
  %bucket = or i64 %log34, %by32
  %is_zero = icmp eq i64 %ret14, 0
  %bucket35 = select i1 %is_zero, i64 1, i64 %bucket
  %negative = icmp slt i64 %ret14, 0
  %bucket36 = select i1 %negative, i64 0, i64 %bucket35
  store i64 %bucket36, ptr %small_key, align 8
  %call37 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m3, ptr nonnull %small_key) #0
  %is_null38 = icmp eq ptr %call37, null
  br i1 %is_null38, label %missing40, label %found39

update_failed11:                                  ; preds = %missing6
  %6 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_failed_updates, i64 0, i64 1), i64 1 monotonic, align 8
  br label %joined7

found39:                                          ; preds = %joined7
  %current42 = load i64, ptr %call37, align 8
  %counted43 = add i64 %current42, 1
  store i64 %counted43, ptr %call37, align 8
  br label %joined41

missing40:                                        ; preds = %joined7
  store i64 1, ptr %value, align 8
  %call44 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m3, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0
  %failed45 = icmp slt i64 %call44, 0
  br i1 %failed45, label %update_failed46, label %joined41

joined41:                                         ; preds = %missing40, %update_failed46, %found39
  %ret49 = load i64, ptr %at, align 8
  %step_index103 = lshr i64 %ret49, 6
  %bucket50 = add nuw nsw i64 %step_index103, 1
  %below = icmp slt i64 %ret49, 0
  %above = icmp sgt i64 %ret49, 4095
  %bucket51 = select i1 %above, i64 65, i64 %bucket50
  %bucket52 = select i1 %below, i64 0, i64 %bucket51
  store i64 %bucket52, ptr %small_key, align 8
  %call53 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m2, ptr nonnull %small_key) #0
  %is_null54 = icmp eq ptr %call53, null
  br i1 %is_null54, label %missing56, label %found55

update_failed46:                                  ; preds = %missing40
  %7 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_failed_updates, i64 0, i64 3), i64 1 monotonic, align 8
  br label %joined41

found55:                                          ; preds = %joined41
  %current58 = load i64, ptr %call53, align 8
  %counted59 = add i64 %current58, 1
  store i64 %counted59, ptr %call53, align 8
  br label %joined57

missing56:                                        ; preds = %joined41
  store i64 1, ptr %value, align 8
  %call60 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m2, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0
  %failed61 = icmp slt i64 %call60, 0
  br i1 %failed61, label %update_failed62, label %joined57

joined57:                                         ; preds = %missing56, %update_failed62, %found55
  %ret65 = load i64, ptr %at, align 8
  store i64 0, ptr %small_key, align 8
  %call66 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m4, ptr nonnull %small_key) #0
  %is_null67 = icmp eq ptr %call66, null
  br i1 %is_null67, label %missing69, label %found68

update_failed62:                                  ; preds = %missing56
  %8 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_failed_updates, i64 0, i64 2), i64 1 monotonic, align 8
  br label %joined57

found68:                                          ; preds = %joined57
  %current71 = load i64, ptr %call66, align 8
  %at72 = getelementptr i8, ptr %call66, i64 8
  %set = load i64, ptr %at72, align 8
  %unset = icmp eq i64 %set, 0
  %better = icmp slt i64 %ret65, %current71
  %take = or i1 %better, %unset
  %extreme = select i1 %take, i64 %ret65, i64 %current71
  store i64 %extreme, ptr %call66, align 8
  store i64 1, ptr %at72, align 8
  br label %joined70

missing69:                                        ; preds = %joined57
  store i64 %ret65, ptr %value, align 8
  %at73 = getelementptr inbounds i8, ptr %value, i64 8
  store i64 1, ptr %at73, align 8
  %call74 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m4, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0
  %failed75 = icmp slt i64 %call74, 0
  br i1 %failed75, label %update_failed76, label %joined70

joined70:                                         ; preds = %missing69, %update_failed76, %found68
  store i64 0, ptr %small_key, align 8
  %call78 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 0) #0
  %is_null79 = icmp eq ptr %call78, null
  br i1 %is_null79, label %joined82, label %found80

update_failed76:                                  ; preds = %missing69
  %9 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_failed_updates, i64 0, i64 4), i64 1 monotonic, align 8
  br label %joined70

found80:                                          ; preds = %joined70
  %copy = load i64, ptr %call78, align 8
  br label %joined82

joined82:                                         ; preds = %joined70, %found80
  %merged.0 = phi i64 [ 0, %joined70 ], [ %copy, %found80 ]
  %call83 = call ptr inttoptr (i64 195 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, i64 1) #0
  %is_null84 = icmp eq ptr %call83, null
  br i1 %is_null84, label %joined87, label %found85

found85:                                          ; preds = %joined82
  %copy88 = load i64, ptr %call83, align 8
  %sum90 = add i64 %copy88, %merged.0
  br label %joined87

joined87:                                         ; preds = %joined82, %found85
  %merged.1 = phi i64 [ %merged.0, %joined82 ], [ %sum90, %found85 ]
  %cmp = icmp sgt i64 %merged.1, 1000000
  br i1 %cmp, label %then, label %endif

then:                                             ; preds = %joined87
  %call91 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_scratch, ptr nonnull %zero_key) #0
  %is_null92 = icmp eq ptr %call91, null
  br i1 %is_null92, label %endif, label %found93

endif:                                            ; preds = %found93, %then, %joined87
  ret i64 0

found93:                                          ; preds = %then
  store i64 -2, ptr %call91, align 8
  %at96 = getelementptr i8, ptr %call91, i64 8
  store i64 2, ptr %at96, align 8
  %at97 = getelementptr i8, ptr %call91, i64 16
  store i64 1, ptr %at97, align 8
  %at98 = getelementptr i8, ptr %call91, i64 24
  store i64 0, ptr %at98, align 8
  %at99 = getelementptr i8, ptr %call91, i64 32
  store i64 1, ptr %at99, align 8
  %call100 = call i64 inttoptr (i64 25 to ptr)(ptr nonnull %0, ptr nonnull @sonde_events, i64 4294967295, ptr nonnull %call91, i64 40) #0
  br label %endif
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
