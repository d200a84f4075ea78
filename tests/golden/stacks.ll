; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 2, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 80, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 5, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 5, i32 32, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_stk2 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 16, i32 4096, i32 0 }, section "maps", align 4
@sonde_stk3 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 24, i32 4096, i32 0 }, section "maps", align 4
@sonde_stkbuf = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 24, i32 1, i32 0 }, section "maps", align 4
@sonde_counters = global [5 x i64] zeroinitializer, section ".bss", align 8
@_license = local_unnamed_addr global [4 x i8] c"GPL\00", section "license"

; Function Attrs: nounwind
define i64 @sonde_0(ptr %0) local_unnamed_addr #0 section "tracepoint/sonde_0" !dbg !3 {
entry:
  %small_key = alloca [4 x i64], align 8
  %zero_key = alloca i32, align 4
  store i32 0, ptr %zero_key, align 4
  %string_area = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_strings, ptr nonnull %zero_key) #0, !dbg !9
  %value = alloca [2 x i64], align 8
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
  %1 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 4), i64 1 monotonic, align 8, !dbg !9
  br label %stack_done, !dbg !9

found:                                            ; preds = %stack_done
  %current = load i64, ptr %call17, align 8, !dbg !9
  %counted = add i64 %current, 1, !dbg !9
  store i64 %counted, ptr %call17, align 8, !dbg !9
  br label %joined, !dbg !9

missing:                                          ; preds = %stack_done
  store i64 1, ptr %value, align 8, !dbg !9
  %call18 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m0, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !9
  %failed = lshr i64 %call18, 63, !dbg !9
  %2 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 1), i64 %failed monotonic, align 8, !dbg !9
  br label %joined, !dbg !9

joined:                                           ; preds = %missing, %found
  %ustack = getelementptr i8, ptr %string_area, i64 16, !dbg !10
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %ustack, i8 0, i64 16, i1 false), !dbg !10
  %call20 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !10
  %no_buffer23 = icmp eq ptr %call20, null, !dbg !10
  br i1 %no_buffer23, label %stack_done22, label %stack_buffer21, !dbg !10

stack_buffer21:                                   ; preds = %joined
  %call24 = call i64 inttoptr (i64 67 to ptr)(ptr %0, ptr nonnull %call20, i64 16, i64 256) #0, !dbg !10
  %bytes26 = call i64 @llvm.smax.i64(i64 %call24, i64 0), !dbg !10
  %frames27 = lshr i64 %bytes26, 3, !dbg !10
  %nonempty28.not = icmp ult i64 %bytes26, 8, !dbg !10
  br i1 %nonempty28.not, label %stack_done22, label %stack_hash29, !dbg !10

stack_done22:                                     ; preds = %stack_lost54, %stack_store30, %stack_buffer21, %joined
  %3 = getelementptr inbounds i8, ptr %small_key, i64 16, !dbg !10
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(32) %3, i8 0, i64 16, i1 false), !dbg !10
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, ptr noundef nonnull align 8 dereferenceable(16) %ustack, i64 16, i1 false), !dbg !10
  %at55 = getelementptr inbounds i8, ptr %small_key, i64 16, !dbg !10
  %call56 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %at55, i64 16) #0, !dbg !10
  %call57 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null58 = icmp eq ptr %call57, null, !dbg !10
  br i1 %is_null58, label %missing60, label %found59, !dbg !10

stack_hash29:                                     ; preds = %stack_buffer21
  %frame31 = load i64, ptr %call20, align 8, !dbg !10
  %h_xor32 = xor i64 %frame31, -4417276706812531889, !dbg !10
  %h_mul33 = mul i64 %h_xor32, -49064778989728563, !dbg !10
  %h_high34 = lshr i64 %h_mul33, 33, !dbg !10
  %h35 = xor i64 %h_high34, %h_mul33, !dbg !10
  %more36 = icmp ugt i64 %bytes26, 15, !dbg !10
  br i1 %more36, label %stack_frame37, label %stack_store30, !dbg !10

stack_store30:                                    ; preds = %stack_frame37, %stack_hash29
  %hash44 = phi i64 [ %h35, %stack_hash29 ], [ %h43, %stack_frame37 ], !dbg !10
  store i64 %hash44, ptr %ustack, align 8, !dbg !10
  %frames3245 = trunc i64 %frames27 to i32, !dbg !10
  %at46 = getelementptr i8, ptr %string_area, i64 24, !dbg !10
  store i32 %frames3245, ptr %at46, align 4, !dbg !10
  %call47 = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !10
  %pid = lshr i64 %call47, 32, !dbg !10
  %pid32 = trunc i64 %pid to i32, !dbg !10
  %at48 = getelementptr i8, ptr %string_area, i64 28, !dbg !10
  store i32 %pid32, ptr %at48, align 4, !dbg !10
  %call49 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk2, ptr nonnull %ustack, ptr nonnull %call20, i64 1) #0, !dbg !10
  %store_failed50 = icmp slt i64 %call49, 0, !dbg !10
  %stored_before51 = icmp ne i64 %call49, -17, !dbg !10
  %lost53 = and i1 %store_failed50, %stored_before51, !dbg !10
  br i1 %lost53, label %stack_lost54, label %stack_done22, !dbg !10

stack_frame37:                                    ; preds = %stack_hash29
  %at38 = getelementptr i8, ptr %call20, i64 8, !dbg !10
  %frame39 = load i64, ptr %at38, align 8, !dbg !10
  %h_xor40 = xor i64 %frame39, %h35, !dbg !10
  %h_mul41 = mul i64 %h_xor40, -49064778989728563, !dbg !10
  %h_high42 = lshr i64 %h_mul41, 33, !dbg !10
  %h43 = xor i64 %h_high42, %h_mul41, !dbg !10
  br label %stack_store30, !dbg !10

stack_lost54:                                     ; preds = %stack_store30
  %4 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 3), i64 1 monotonic, align 8, !dbg !10
  br label %stack_done22, !dbg !10

found59:                                          ; preds = %stack_done22
  %current62 = load i64, ptr %call57, align 8, !dbg !10
  %counted63 = add i64 %current62, 1, !dbg !10
  store i64 %counted63, ptr %call57, align 8, !dbg !10
  br label %joined61, !dbg !10

missing60:                                        ; preds = %stack_done22
  store i64 1, ptr %value, align 8, !dbg !10
  %call64 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr nonnull %value, i64 0) #0, !dbg !10
  %failed65 = lshr i64 %call64, 63, !dbg !10
  %5 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 2), i64 %failed65 monotonic, align 8, !dbg !10
  br label %joined61, !dbg !10

joined61:                                         ; preds = %missing60, %found59
  %at66 = getelementptr i8, ptr %0, i64 24, !dbg !11
  %filename = load i64, ptr %at66, align 8, !dbg !11
  %usym = getelementptr i8, ptr %string_area, i64 32, !dbg !11
  store i64 %filename, ptr %usym, align 8, !dbg !11
  %call68 = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !11
  %pid69 = lshr i64 %call68, 32, !dbg !11
  %at70 = getelementptr i8, ptr %string_area, i64 40, !dbg !11
  store i64 %pid69, ptr %at70, align 8, !dbg !11
  %kstack = getelementptr i8, ptr %string_area, i64 48, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %kstack, i8 0, i64 16, i1 false), !dbg !11
  %call72 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !11
  %no_buffer75 = icmp eq ptr %call72, null, !dbg !11
  br i1 %no_buffer75, label %stack_done74, label %stack_buffer73, !dbg !11

stack_buffer73:                                   ; preds = %joined61
  %call76 = call i64 inttoptr (i64 67 to ptr)(ptr nonnull %0, ptr nonnull %call72, i64 16, i64 0) #0, !dbg !11
  %bytes78 = call i64 @llvm.smax.i64(i64 %call76, i64 0), !dbg !11
  %frames79 = lshr i64 %bytes78, 3, !dbg !11
  %nonempty80.not = icmp ult i64 %bytes78, 8, !dbg !11
  br i1 %nonempty80.not, label %stack_done74, label %stack_hash81, !dbg !11

stack_done74:                                     ; preds = %stack_lost104, %stack_store82, %stack_buffer73, %joined61
  %kstack106 = getelementptr i8, ptr %string_area, i64 64, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %kstack106, i8 0, i64 16, i1 false), !dbg !11
  %call107 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !11
  %no_buffer110 = icmp eq ptr %call107, null, !dbg !11
  br i1 %no_buffer110, label %stack_done109, label %stack_buffer108, !dbg !11

stack_hash81:                                     ; preds = %stack_buffer73
  %frame83 = load i64, ptr %call72, align 8, !dbg !11
  %h_xor84 = xor i64 %frame83, -7046029254386353131, !dbg !11
  %h_mul85 = mul i64 %h_xor84, -49064778989728563, !dbg !11
  %h_high86 = lshr i64 %h_mul85, 33, !dbg !11
  %h87 = xor i64 %h_high86, %h_mul85, !dbg !11
  %more88 = icmp ugt i64 %bytes78, 15, !dbg !11
  br i1 %more88, label %stack_frame89, label %stack_store82, !dbg !11

stack_store82:                                    ; preds = %stack_frame89, %stack_hash81
  %hash96 = phi i64 [ %h87, %stack_hash81 ], [ %h95, %stack_frame89 ], !dbg !11
  store i64 %hash96, ptr %kstack, align 8, !dbg !11
  %frames3297 = trunc i64 %frames79 to i32, !dbg !11
  %at98 = getelementptr i8, ptr %string_area, i64 56, !dbg !11
  store i32 %frames3297, ptr %at98, align 4, !dbg !11
  %call99 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk2, ptr nonnull %kstack, ptr nonnull %call72, i64 1) #0, !dbg !11
  %store_failed100 = icmp slt i64 %call99, 0, !dbg !11
  %stored_before101 = icmp ne i64 %call99, -17, !dbg !11
  %lost103 = and i1 %store_failed100, %stored_before101, !dbg !11
  br i1 %lost103, label %stack_lost104, label %stack_done74, !dbg !11

stack_frame89:                                    ; preds = %stack_hash81
  %at90 = getelementptr i8, ptr %call72, i64 8, !dbg !11
  %frame91 = load i64, ptr %at90, align 8, !dbg !11
  %h_xor92 = xor i64 %frame91, %h87, !dbg !11
  %h_mul93 = mul i64 %h_xor92, -49064778989728563, !dbg !11
  %h_high94 = lshr i64 %h_mul93, 33, !dbg !11
  %h95 = xor i64 %h_high94, %h_mul93, !dbg !11
  br label %stack_store82, !dbg !11

stack_lost104:                                    ; preds = %stack_store82
  %6 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 3), i64 1 monotonic, align 8, !dbg !11
  br label %stack_done74, !dbg !11

stack_buffer108:                                  ; preds = %stack_done74
  %call111 = call i64 inttoptr (i64 67 to ptr)(ptr nonnull %0, ptr nonnull %call107, i64 24, i64 0) #0, !dbg !11
  %bytes113 = call i64 @llvm.smax.i64(i64 %call111, i64 0), !dbg !11
  %frames114 = lshr i64 %bytes113, 3, !dbg !11
  %nonempty115.not = icmp ult i64 %bytes113, 8, !dbg !11
  br i1 %nonempty115.not, label %stack_done109, label %stack_hash116, !dbg !11

stack_done109:                                    ; preds = %stack_lost147, %stack_store117, %stack_buffer108, %stack_done74
  %at148 = getelementptr i8, ptr %string_area, i64 72, !dbg !11
  %frames149 = load i32, ptr %at148, align 4, !dbg !11
  %call150 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 56, i64 0) #0, !dbg !11
  %is_null151 = icmp eq ptr %call150, null, !dbg !11
  br i1 %is_null151, label %missing153, label %found152, !dbg !11

stack_hash116:                                    ; preds = %stack_buffer108
  %frame118 = load i64, ptr %call107, align 8, !dbg !11
  %h_xor119 = xor i64 %frame118, -7046029254386353131, !dbg !11
  %h_mul120 = mul i64 %h_xor119, -49064778989728563, !dbg !11
  %h_high121 = lshr i64 %h_mul120, 33, !dbg !11
  %h122 = xor i64 %h_high121, %h_mul120, !dbg !11
  %more123 = icmp ugt i64 %bytes113, 15, !dbg !11
  br i1 %more123, label %stack_frame124, label %stack_store117, !dbg !11

stack_store117:                                   ; preds = %stack_frame132, %stack_frame124, %stack_hash116
  %hash139 = phi i64 [ %h122, %stack_hash116 ], [ %h130, %stack_frame124 ], [ %h138, %stack_frame132 ], !dbg !11
  store i64 %hash139, ptr %kstack106, align 8, !dbg !11
  %frames32140 = trunc i64 %frames114 to i32, !dbg !11
  %at141 = getelementptr i8, ptr %string_area, i64 72, !dbg !11
  store i32 %frames32140, ptr %at141, align 4, !dbg !11
  %call142 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk3, ptr nonnull %kstack106, ptr nonnull %call107, i64 1) #0, !dbg !11
  %store_failed143 = icmp slt i64 %call142, 0, !dbg !11
  %stored_before144 = icmp ne i64 %call142, -17, !dbg !11
  %lost146 = and i1 %store_failed143, %stored_before144, !dbg !11
  br i1 %lost146, label %stack_lost147, label %stack_done109, !dbg !11

stack_frame124:                                   ; preds = %stack_hash116
  %at125 = getelementptr i8, ptr %call107, i64 8, !dbg !11
  %frame126 = load i64, ptr %at125, align 8, !dbg !11
  %h_xor127 = xor i64 %frame126, %h122, !dbg !11
  %h_mul128 = mul i64 %h_xor127, -49064778989728563, !dbg !11
  %h_high129 = lshr i64 %h_mul128, 33, !dbg !11
  %h130 = xor i64 %h_high129, %h_mul128, !dbg !11
  %more131 = icmp ugt i64 %bytes113, 23, !dbg !11
  br i1 %more131, label %stack_frame132, label %stack_store117, !dbg !11

stack_frame132:                                   ; preds = %stack_frame124
  %at133 = getelementptr i8, ptr %call107, i64 16, !dbg !11
  %frame134 = load i64, ptr %at133, align 8, !dbg !11
  %h_xor135 = xor i64 %frame134, %h130, !dbg !11
  %h_mul136 = mul i64 %h_xor135, -49064778989728563, !dbg !11
  %h_high137 = lshr i64 %h_mul136, 33, !dbg !11
  %h138 = xor i64 %h_high137, %h_mul136, !dbg !11
  br label %stack_store117, !dbg !11

stack_lost147:                                    ; preds = %stack_store117
  %7 = atomicrmw add ptr getelementptr inbounds ([5 x i64], ptr @sonde_counters, i64 0, i64 4), i64 1 monotonic, align 8, !dbg !11
  br label %stack_done109, !dbg !11

found152:                                         ; preds = %stack_done109
  %len = zext i32 %frames149 to i64, !dbg !11
  %at155 = getelementptr i8, ptr %call150, i64 8, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(56) %call150, i8 0, i64 56, i1 false), !dbg !11
  store i64 -2123658768, ptr %at155, align 8, !dbg !11
  %at156 = getelementptr i8, ptr %call150, i64 16, !dbg !11
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at156, ptr noundef nonnull align 8 dereferenceable(16) %usym, i64 16, i1 false), !dbg !11
  %at157 = getelementptr i8, ptr %call150, i64 32, !dbg !11
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at157, ptr noundef nonnull align 8 dereferenceable(16) %kstack, i64 16, i1 false), !dbg !11
  %at158 = getelementptr i8, ptr %call150, i64 48, !dbg !11
  store i64 %len, ptr %at158, align 8, !dbg !11
  %call159 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call150, i64 0) #0, !dbg !11
  br label %common.ret, !dbg !11

missing153:                                       ; preds = %stack_done109
  %8 = atomicrmw add ptr @sonde_counters, i64 1 monotonic, align 8, !dbg !11
  br label %common.ret, !dbg !11

common.ret:                                       ; preds = %entry, %found152, %missing153
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
