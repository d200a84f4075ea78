; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 80, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 5, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 5, i32 32, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_stk2 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 16, i32 4096, i32 0 }, section "maps", align 4
@sonde_stk3 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 24, i32 4096, i32 0 }, section "maps", align 4
@sonde_stkbuf = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 24, i32 1, i32 0 }, section "maps", align 4
@sonde_counters = global [6 x i64] [i64 1, i64 0, i64 0, i64 0, i64 0, i64 0], section ".data", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %small_key = alloca [4 x i64], align 8
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !9
  %no_area = icmp eq ptr %string_area, null
  br i1 %no_area, label %common.ret, label %body

body:                                             ; preds = %entry
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %string_area, i8 0, i64 16, i1 false), !dbg !9
  %call = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !9
  %no_buffer = icmp eq ptr %call, null, !dbg !9
  br i1 %no_buffer, label %stack_done, label %stack_buffer, !dbg !9

stack_buffer:                                     ; preds = %body
  %call1 = call i64 inttoptr (i64 67 to ptr)(ptr %0, ptr nonnull %call, i64 24, i64 0) #0, !dbg !9
  %bytes = call i64 @llvm.smax.i64(i64 %call1, i64 0), !dbg !9
  %frames = lshr i64 %bytes, 3, !dbg !9
  %nonempty.not = icmp ult i64 %bytes, 8, !dbg !9
  br i1 %nonempty.not, label %stack_done, label %stack_hash, !dbg !9

stack_done:                                       ; preds = %stack_lost, %stack_store, %stack_buffer, %body
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, ptr noundef nonnull align 8 dereferenceable(16) %string_area, i64 16, i1 false), !dbg !9
  %call17 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m0, ptr nonnull %small_key) #0, !dbg !9
  %is_null = icmp eq ptr %call17, null, !dbg !9
  br i1 %is_null, label %missing, label %found, !dbg !9

stack_hash:                                       ; preds = %stack_buffer
  %frame = load i64, ptr %call, align 8, !dbg !9
  %h_xor = xor i64 %frame, -7046029254386353131, !dbg !9
  %h_mul = mul i64 %h_xor, -49064778989728563, !dbg !9
  %h_high = lshr i64 %h_mul, 33, !dbg !9
  %h = xor i64 %h_high, %h_mul, !dbg !9
  %more = icmp ugt i64 %bytes, 15, !dbg !9
  br i1 %more, label %stack_frame, label %stack_store, !dbg !9

stack_store:                                      ; preds = %stack_frame8, %stack_frame, %stack_hash
  %hash = phi i64 [ %h, %stack_hash ], [ %h6, %stack_frame ], [ %h14, %stack_frame8 ], !dbg !9
  store i64 %hash, ptr %string_area, align 8, !dbg !9
  %frames32 = trunc i64 %frames to i32, !dbg !9
  %at15 = getelementptr i8, ptr %string_area, i64 8, !dbg !9
  store i32 %frames32, ptr %at15, align 4, !dbg !9
  %call16 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk3, ptr nonnull %string_area, ptr nonnull %call, i64 1) #0, !dbg !9
  %store_failed = icmp slt i64 %call16, 0, !dbg !9
  %stored_before = icmp ne i64 %call16, -17, !dbg !9
  %lost = and i1 %store_failed, %stored_before, !dbg !9
  br i1 %lost, label %stack_lost, label %stack_done, !dbg !9

stack_frame:                                      ; preds = %stack_hash
  %at = getelementptr i8, ptr %call, i64 8, !dbg !9
  %frame2 = load i64, ptr %at, align 8, !dbg !9
  %h_xor3 = xor i64 %frame2, %h, !dbg !9
  %h_mul4 = mul i64 %h_xor3, -49064778989728563, !dbg !9
  %h_high5 = lshr i64 %h_mul4, 33, !dbg !9
  %h6 = xor i64 %h_high5, %h_mul4, !dbg !9
  %more7 = icmp ugt i64 %bytes, 23, !dbg !9
  br i1 %more7, label %stack_frame8, label %stack_store, !dbg !9

stack_frame8:                                     ; preds = %stack_frame
  %at9 = getelementptr i8, ptr %call, i64 16, !dbg !9
  %frame10 = load i64, ptr %at9, align 8, !dbg !9
  %h_xor11 = xor i64 %frame10, %h6, !dbg !9
  %h_mul12 = mul i64 %h_xor11, -49064778989728563, !dbg !9
  %h_high13 = lshr i64 %h_mul12, 33, !dbg !9
  %h14 = xor i64 %h_high13, %h_mul12, !dbg !9
  br label %stack_store, !dbg !9

stack_lost:                                       ; preds = %stack_store
  %1 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 5), i64 1 monotonic, align 8, !dbg !9
  br label %stack_done, !dbg !9

found:                                            ; preds = %stack_done
  %current = load i64, ptr %call17, align 8, !dbg !9
  %counted = add i64 %current, 1, !dbg !9
  store i64 %counted, ptr %call17, align 8, !dbg !9
  br label %joined, !dbg !9

missing:                                          ; preds = %stack_done
  %opaque = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !9
  %call18 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr %opaque, i64 0) #0, !dbg !9
  %at19 = getelementptr i8, ptr %opaque, i64 16, !dbg !9
  %2 = atomicrmw add ptr %at19, i64 %call18 monotonic, align 8, !dbg !9
  br label %joined, !dbg !9

joined:                                           ; preds = %missing, %found
  %ustack = getelementptr i8, ptr %string_area, i64 16, !dbg !10
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %ustack, i8 0, i64 16, i1 false), !dbg !10
  %call21 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !10
  %no_buffer24 = icmp eq ptr %call21, null, !dbg !10
  br i1 %no_buffer24, label %stack_done23, label %stack_buffer22, !dbg !10

stack_buffer22:                                   ; preds = %joined
  %call25 = call i64 inttoptr (i64 67 to ptr)(ptr %0, ptr nonnull %call21, i64 16, i64 256) #0, !dbg !10
  %bytes27 = call i64 @llvm.smax.i64(i64 %call25, i64 0), !dbg !10
  %frames28 = lshr i64 %bytes27, 3, !dbg !10
  %nonempty29.not = icmp ult i64 %bytes27, 8, !dbg !10
  br i1 %nonempty29.not, label %stack_done23, label %stack_hash30, !dbg !10

stack_done23:                                     ; preds = %stack_lost55, %stack_store31, %stack_buffer22, %joined
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, ptr noundef nonnull align 8 dereferenceable(16) %ustack, i64 16, i1 false), !dbg !10
  %at56 = getelementptr inbounds i8, ptr %small_key, i64 16, !dbg !10
  %call57 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %at56, i64 16) #0, !dbg !10
  %call58 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null59 = icmp eq ptr %call58, null, !dbg !10
  br i1 %is_null59, label %missing61, label %found60, !dbg !10

stack_hash30:                                     ; preds = %stack_buffer22
  %frame32 = load i64, ptr %call21, align 8, !dbg !10
  %h_xor33 = xor i64 %frame32, -4417276706812531889, !dbg !10
  %h_mul34 = mul i64 %h_xor33, -49064778989728563, !dbg !10
  %h_high35 = lshr i64 %h_mul34, 33, !dbg !10
  %h36 = xor i64 %h_high35, %h_mul34, !dbg !10
  %more37 = icmp ugt i64 %bytes27, 15, !dbg !10
  br i1 %more37, label %stack_frame38, label %stack_store31, !dbg !10

stack_store31:                                    ; preds = %stack_frame38, %stack_hash30
  %hash45 = phi i64 [ %h36, %stack_hash30 ], [ %h44, %stack_frame38 ], !dbg !10
  store i64 %hash45, ptr %ustack, align 8, !dbg !10
  %frames3246 = trunc i64 %frames28 to i32, !dbg !10
  %at47 = getelementptr i8, ptr %string_area, i64 24, !dbg !10
  store i32 %frames3246, ptr %at47, align 4, !dbg !10
  %call48 = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !10
  %pid = lshr i64 %call48, 32, !dbg !10
  %pid32 = trunc i64 %pid to i32, !dbg !10
  %at49 = getelementptr i8, ptr %string_area, i64 28, !dbg !10
  store i32 %pid32, ptr %at49, align 4, !dbg !10
  %call50 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk2, ptr nonnull %ustack, ptr nonnull %call21, i64 1) #0, !dbg !10
  %store_failed51 = icmp slt i64 %call50, 0, !dbg !10
  %stored_before52 = icmp ne i64 %call50, -17, !dbg !10
  %lost54 = and i1 %store_failed51, %stored_before52, !dbg !10
  br i1 %lost54, label %stack_lost55, label %stack_done23, !dbg !10

stack_frame38:                                    ; preds = %stack_hash30
  %at39 = getelementptr i8, ptr %call21, i64 8, !dbg !10
  %frame40 = load i64, ptr %at39, align 8, !dbg !10
  %h_xor41 = xor i64 %frame40, %h36, !dbg !10
  %h_mul42 = mul i64 %h_xor41, -49064778989728563, !dbg !10
  %h_high43 = lshr i64 %h_mul42, 33, !dbg !10
  %h44 = xor i64 %h_high43, %h_mul42, !dbg !10
  br label %stack_store31, !dbg !10

stack_lost55:                                     ; preds = %stack_store31
  %3 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 4), i64 1 monotonic, align 8, !dbg !10
  br label %stack_done23, !dbg !10

found60:                                          ; preds = %stack_done23
  %current63 = load i64, ptr %call58, align 8, !dbg !10
  %counted64 = add i64 %current63, 1, !dbg !10
  store i64 %counted64, ptr %call58, align 8, !dbg !10
  br label %joined62, !dbg !10

missing61:                                        ; preds = %stack_done23
  %opaque65 = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !10
  %call66 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr %opaque65, i64 0) #0, !dbg !10
  %at67 = getelementptr i8, ptr %opaque65, i64 24, !dbg !10
  %4 = atomicrmw add ptr %at67, i64 %call66 monotonic, align 8, !dbg !10
  br label %joined62, !dbg !10

joined62:                                         ; preds = %missing61, %found60
  %at68 = getelementptr i8, ptr %0, i64 24, !dbg !11
  %filename = load i64, ptr %at68, align 8, !dbg !11
  %usym = getelementptr i8, ptr %string_area, i64 32, !dbg !11
  store i64 %filename, ptr %usym, align 8, !dbg !11
  %call70 = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !11
  %pid71 = lshr i64 %call70, 32, !dbg !11
  %at72 = getelementptr i8, ptr %string_area, i64 40, !dbg !11
  store i64 %pid71, ptr %at72, align 8, !dbg !11
  %kstack = getelementptr i8, ptr %string_area, i64 48, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %kstack, i8 0, i64 16, i1 false), !dbg !11
  %call74 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !11
  %no_buffer77 = icmp eq ptr %call74, null, !dbg !11
  br i1 %no_buffer77, label %stack_done76, label %stack_buffer75, !dbg !11

stack_buffer75:                                   ; preds = %joined62
  %call78 = call i64 inttoptr (i64 67 to ptr)(ptr nonnull %0, ptr nonnull %call74, i64 16, i64 0) #0, !dbg !11
  %bytes80 = call i64 @llvm.smax.i64(i64 %call78, i64 0), !dbg !11
  %frames81 = lshr i64 %bytes80, 3, !dbg !11
  %nonempty82.not = icmp ult i64 %bytes80, 8, !dbg !11
  br i1 %nonempty82.not, label %stack_done76, label %stack_hash83, !dbg !11

stack_done76:                                     ; preds = %stack_lost106, %stack_store84, %stack_buffer75, %joined62
  %kstack108 = getelementptr i8, ptr %string_area, i64 64, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %kstack108, i8 0, i64 16, i1 false), !dbg !11
  %call109 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !11
  %no_buffer112 = icmp eq ptr %call109, null, !dbg !11
  br i1 %no_buffer112, label %stack_done111, label %stack_buffer110, !dbg !11

stack_hash83:                                     ; preds = %stack_buffer75
  %frame85 = load i64, ptr %call74, align 8, !dbg !11
  %h_xor86 = xor i64 %frame85, -7046029254386353131, !dbg !11
  %h_mul87 = mul i64 %h_xor86, -49064778989728563, !dbg !11
  %h_high88 = lshr i64 %h_mul87, 33, !dbg !11
  %h89 = xor i64 %h_high88, %h_mul87, !dbg !11
  %more90 = icmp ugt i64 %bytes80, 15, !dbg !11
  br i1 %more90, label %stack_frame91, label %stack_store84, !dbg !11

stack_store84:                                    ; preds = %stack_frame91, %stack_hash83
  %hash98 = phi i64 [ %h89, %stack_hash83 ], [ %h97, %stack_frame91 ], !dbg !11
  store i64 %hash98, ptr %kstack, align 8, !dbg !11
  %frames3299 = trunc i64 %frames81 to i32, !dbg !11
  %at100 = getelementptr i8, ptr %string_area, i64 56, !dbg !11
  store i32 %frames3299, ptr %at100, align 4, !dbg !11
  %call101 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk2, ptr nonnull %kstack, ptr nonnull %call74, i64 1) #0, !dbg !11
  %store_failed102 = icmp slt i64 %call101, 0, !dbg !11
  %stored_before103 = icmp ne i64 %call101, -17, !dbg !11
  %lost105 = and i1 %store_failed102, %stored_before103, !dbg !11
  br i1 %lost105, label %stack_lost106, label %stack_done76, !dbg !11

stack_frame91:                                    ; preds = %stack_hash83
  %at92 = getelementptr i8, ptr %call74, i64 8, !dbg !11
  %frame93 = load i64, ptr %at92, align 8, !dbg !11
  %h_xor94 = xor i64 %frame93, %h89, !dbg !11
  %h_mul95 = mul i64 %h_xor94, -49064778989728563, !dbg !11
  %h_high96 = lshr i64 %h_mul95, 33, !dbg !11
  %h97 = xor i64 %h_high96, %h_mul95, !dbg !11
  br label %stack_store84, !dbg !11

stack_lost106:                                    ; preds = %stack_store84
  %5 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 4), i64 1 monotonic, align 8, !dbg !11
  br label %stack_done76, !dbg !11

stack_buffer110:                                  ; preds = %stack_done76
  %call113 = call i64 inttoptr (i64 67 to ptr)(ptr nonnull %0, ptr nonnull %call109, i64 24, i64 0) #0, !dbg !11
  %bytes115 = call i64 @llvm.smax.i64(i64 %call113, i64 0), !dbg !11
  %frames116 = lshr i64 %bytes115, 3, !dbg !11
  %nonempty117.not = icmp ult i64 %bytes115, 8, !dbg !11
  br i1 %nonempty117.not, label %stack_done111, label %stack_hash118, !dbg !11

stack_done111:                                    ; preds = %stack_lost149, %stack_store119, %stack_buffer110, %stack_done76
  %at150 = getelementptr i8, ptr %string_area, i64 72, !dbg !11
  %frames151 = load i32, ptr %at150, align 4, !dbg !11
  %call152 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 56, i64 0) #0, !dbg !11
  %is_null153 = icmp eq ptr %call152, null, !dbg !11
  br i1 %is_null153, label %missing155, label %found154, !dbg !11

stack_hash118:                                    ; preds = %stack_buffer110
  %frame120 = load i64, ptr %call109, align 8, !dbg !11
  %h_xor121 = xor i64 %frame120, -7046029254386353131, !dbg !11
  %h_mul122 = mul i64 %h_xor121, -49064778989728563, !dbg !11
  %h_high123 = lshr i64 %h_mul122, 33, !dbg !11
  %h124 = xor i64 %h_high123, %h_mul122, !dbg !11
  %more125 = icmp ugt i64 %bytes115, 15, !dbg !11
  br i1 %more125, label %stack_frame126, label %stack_store119, !dbg !11

stack_store119:                                   ; preds = %stack_frame134, %stack_frame126, %stack_hash118
  %hash141 = phi i64 [ %h124, %stack_hash118 ], [ %h132, %stack_frame126 ], [ %h140, %stack_frame134 ], !dbg !11
  store i64 %hash141, ptr %kstack108, align 8, !dbg !11
  %frames32142 = trunc i64 %frames116 to i32, !dbg !11
  %at143 = getelementptr i8, ptr %string_area, i64 72, !dbg !11
  store i32 %frames32142, ptr %at143, align 4, !dbg !11
  %call144 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk3, ptr nonnull %kstack108, ptr nonnull %call109, i64 1) #0, !dbg !11
  %store_failed145 = icmp slt i64 %call144, 0, !dbg !11
  %stored_before146 = icmp ne i64 %call144, -17, !dbg !11
  %lost148 = and i1 %store_failed145, %stored_before146, !dbg !11
  br i1 %lost148, label %stack_lost149, label %stack_done111, !dbg !11

stack_frame126:                                   ; preds = %stack_hash118
  %at127 = getelementptr i8, ptr %call109, i64 8, !dbg !11
  %frame128 = load i64, ptr %at127, align 8, !dbg !11
  %h_xor129 = xor i64 %frame128, %h124, !dbg !11
  %h_mul130 = mul i64 %h_xor129, -49064778989728563, !dbg !11
  %h_high131 = lshr i64 %h_mul130, 33, !dbg !11
  %h132 = xor i64 %h_high131, %h_mul130, !dbg !11
  %more133 = icmp ugt i64 %bytes115, 23, !dbg !11
  br i1 %more133, label %stack_frame134, label %stack_store119, !dbg !11

stack_frame134:                                   ; preds = %stack_frame126
  %at135 = getelementptr i8, ptr %call109, i64 16, !dbg !11
  %frame136 = load i64, ptr %at135, align 8, !dbg !11
  %h_xor137 = xor i64 %frame136, %h132, !dbg !11
  %h_mul138 = mul i64 %h_xor137, -49064778989728563, !dbg !11
  %h_high139 = lshr i64 %h_mul138, 33, !dbg !11
  %h140 = xor i64 %h_high139, %h_mul138, !dbg !11
  br label %stack_store119, !dbg !11

stack_lost149:                                    ; preds = %stack_store119
  %6 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 5), i64 1 monotonic, align 8, !dbg !11
  br label %stack_done111, !dbg !11

found154:                                         ; preds = %stack_done111
  %len = zext i32 %frames151 to i64, !dbg !11
  %at157 = getelementptr i8, ptr %call152, i64 8, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(56) %call152, i8 0, i64 56, i1 false), !dbg !11
  store i64 -2123658768, ptr %at157, align 8, !dbg !11
  %at158 = getelementptr i8, ptr %call152, i64 16, !dbg !11
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at158, ptr noundef nonnull align 8 dereferenceable(16) %usym, i64 16, i1 false), !dbg !11
  %at159 = getelementptr i8, ptr %call152, i64 32, !dbg !11
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at159, ptr noundef nonnull align 8 dereferenceable(16) %kstack, i64 16, i1 false), !dbg !11
  %at160 = getelementptr i8, ptr %call152, i64 48, !dbg !11
  store i64 %len, ptr %at160, align 8, !dbg !11
  %call161 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call152, i64 0) #0, !dbg !11
  br label %common.ret, !dbg !11

missing155:                                       ; preds = %stack_done111
  %7 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !11
  br label %common.ret, !dbg !11

common.ret:                                       ; preds = %entry, %found154, %missing155
  ret i64 0
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smax.i64(i64, i64) #3

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #3 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C, file: !2, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false)
!2 = !DIFile(filename: "stacks.bt", directory: ".")
!3 = distinct !DISubprogram(name: "sonde_0", linkageName: "sonde_0", scope: null, file: !2, line: 4, type: !4, scopeLine: 4, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !8)
!4 = !DISubroutineType(types: !5)
!5 = !{!6, !7}
!6 = !DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)
!7 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "void *", baseType: !6, size: 64, align: 64, dwarfAddressSpace: 0)
!8 = !{}
!9 = !DILocation(line: 5, column: 3, scope: !3)
!10 = !DILocation(line: 6, column: 3, scope: !3)
!11 = !DILocation(line: 7, column: 3, scope: !3)
