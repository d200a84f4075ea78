; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@sonde_events = global { i32, i32, i32, i32, i32 } { i32 27, i32 0, i32 0, i32 1048576, i32 0 }, section "maps", align 4
@sonde_vars = local_unnamed_addr global { i32, i32, i32, i32, i32 } { i32 2, i32 4, i32 8, i32 3, i32 0 }, section "maps", align 4
@sonde_strings = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 96, i32 1, i32 0 }, section "maps", align 4
@m0 = global { i32, i32, i32, i32, i32 } { i32 5, i32 16, i32 8, i32 4096, i32 0 }, section "maps", align 4
@m1 = global { i32, i32, i32, i32, i32 } { i32 5, i32 32, i32 8, i32 4096, i32 0 }, section "maps", align 4
@sonde_stk2 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 16, i32 4096, i32 0 }, section "maps", align 4
@sonde_stk3 = global { i32, i32, i32, i32, i32 } { i32 1, i32 8, i32 24, i32 4096, i32 0 }, section "maps", align 4
@sonde_stkbuf = global { i32, i32, i32, i32, i32 } { i32 6, i32 4, i32 24, i32 1, i32 0 }, section "maps", align 4
@sonde_useen = global { i32, i32, i32, i32, i32 } { i32 9, i32 4, i32 8, i32 8192, i32 0 }, section "maps", align 4
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
  %call20 = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !10
  %pid = lshr i64 %call20, 32, !dbg !10
  %pid32 = trunc i64 %pid to i32, !dbg !10
  %process_seen = getelementptr i8, ptr %string_area, i64 16, !dbg !10
  store i32 %pid32, ptr %process_seen, align 4, !dbg !10
  %at22 = getelementptr i8, ptr %string_area, i64 24, !dbg !10
  store i64 0, ptr %at22, align 8, !dbg !10
  %call23 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_useen, ptr nonnull %process_seen) #0, !dbg !10
  %is_null24 = icmp eq ptr %call23, null, !dbg !10
  br i1 %is_null24, label %announce_process, label %found25, !dbg !10

found25:                                          ; preds = %joined
  %seen_start = load i64, ptr %call23, align 8, !dbg !10
  %other.not = icmp eq i64 %seen_start, 0, !dbg !10
  br i1 %other.not, label %process_known, label %announce_process, !dbg !10

announce_process:                                 ; preds = %joined, %found25
  %call28 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_useen, ptr nonnull %process_seen, ptr nonnull %at22, i64 0) #0, !dbg !10
  %call29 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 24, i64 0) #0, !dbg !10
  %is_null30 = icmp eq ptr %call29, null, !dbg !10
  br i1 %is_null30, label %missing32, label %found31, !dbg !10

process_known:                                    ; preds = %found31, %missing32, %found25
  %ustack = getelementptr i8, ptr %string_area, i64 32, !dbg !10
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %ustack, i8 0, i64 16, i1 false), !dbg !10
  %call38 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !10
  %no_buffer41 = icmp eq ptr %call38, null, !dbg !10
  br i1 %no_buffer41, label %stack_done40, label %stack_buffer39, !dbg !10

found31:                                          ; preds = %announce_process
  store i64 -5, ptr %call29, align 8, !dbg !10
  %at34 = getelementptr i8, ptr %call29, i64 8, !dbg !10
  store i64 %call20, ptr %at34, align 8, !dbg !10
  %at35 = getelementptr i8, ptr %call29, i64 16, !dbg !10
  store i64 0, ptr %at35, align 8, !dbg !10
  %call36 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call29, i64 0) #0, !dbg !10
  br label %process_known, !dbg !10

missing32:                                        ; preds = %announce_process
  %3 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !10
  br label %process_known, !dbg !10

stack_buffer39:                                   ; preds = %process_known
  %call42 = call i64 inttoptr (i64 67 to ptr)(ptr %0, ptr nonnull %call38, i64 16, i64 256) #0, !dbg !10
  %bytes44 = call i64 @llvm.smax.i64(i64 %call42, i64 0), !dbg !10
  %frames45 = lshr i64 %bytes44, 3, !dbg !10
  %nonempty46.not = icmp ult i64 %bytes44, 8, !dbg !10
  br i1 %nonempty46.not, label %stack_done40, label %stack_hash47, !dbg !10

stack_done40:                                     ; preds = %stack_lost74, %stack_store48, %stack_buffer39, %process_known
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %small_key, ptr noundef nonnull align 8 dereferenceable(16) %ustack, i64 16, i1 false), !dbg !10
  %at75 = getelementptr inbounds i8, ptr %small_key, i64 16, !dbg !10
  %call76 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %at75, i64 16) #0, !dbg !10
  %call77 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @m1, ptr nonnull %small_key) #0, !dbg !10
  %is_null78 = icmp eq ptr %call77, null, !dbg !10
  br i1 %is_null78, label %missing80, label %found79, !dbg !10

stack_hash47:                                     ; preds = %stack_buffer39
  %frame49 = load i64, ptr %call38, align 8, !dbg !10
  %h_xor50 = xor i64 %frame49, -4417276706812531889, !dbg !10
  %h_mul51 = mul i64 %h_xor50, -49064778989728563, !dbg !10
  %h_high52 = lshr i64 %h_mul51, 33, !dbg !10
  %h53 = xor i64 %h_high52, %h_mul51, !dbg !10
  %more54 = icmp ugt i64 %bytes44, 15, !dbg !10
  br i1 %more54, label %stack_frame55, label %stack_store48, !dbg !10

stack_store48:                                    ; preds = %stack_frame55, %stack_hash47
  %hash62 = phi i64 [ %h53, %stack_hash47 ], [ %h61, %stack_frame55 ], !dbg !10
  store i64 %hash62, ptr %ustack, align 8, !dbg !10
  %frames3263 = trunc i64 %frames45 to i32, !dbg !10
  %at64 = getelementptr i8, ptr %string_area, i64 40, !dbg !10
  store i32 %frames3263, ptr %at64, align 4, !dbg !10
  %call65 = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !10
  %pid66 = lshr i64 %call65, 32, !dbg !10
  %pid3267 = trunc i64 %pid66 to i32, !dbg !10
  %at68 = getelementptr i8, ptr %string_area, i64 44, !dbg !10
  store i32 %pid3267, ptr %at68, align 4, !dbg !10
  %call69 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk2, ptr nonnull %ustack, ptr nonnull %call38, i64 1) #0, !dbg !10
  %store_failed70 = icmp slt i64 %call69, 0, !dbg !10
  %stored_before71 = icmp ne i64 %call69, -17, !dbg !10
  %lost73 = and i1 %store_failed70, %stored_before71, !dbg !10
  br i1 %lost73, label %stack_lost74, label %stack_done40, !dbg !10

stack_frame55:                                    ; preds = %stack_hash47
  %at56 = getelementptr i8, ptr %call38, i64 8, !dbg !10
  %frame57 = load i64, ptr %at56, align 8, !dbg !10
  %h_xor58 = xor i64 %frame57, %h53, !dbg !10
  %h_mul59 = mul i64 %h_xor58, -49064778989728563, !dbg !10
  %h_high60 = lshr i64 %h_mul59, 33, !dbg !10
  %h61 = xor i64 %h_high60, %h_mul59, !dbg !10
  br label %stack_store48, !dbg !10

stack_lost74:                                     ; preds = %stack_store48
  %4 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 4), i64 1 monotonic, align 8, !dbg !10
  br label %stack_done40, !dbg !10

found79:                                          ; preds = %stack_done40
  %current82 = load i64, ptr %call77, align 8, !dbg !10
  %counted83 = add i64 %current82, 1, !dbg !10
  store i64 %counted83, ptr %call77, align 8, !dbg !10
  br label %joined81, !dbg !10

missing80:                                        ; preds = %stack_done40
  %opaque84 = call ptr asm "", "=r,0"(ptr nonnull @sonde_counters) #0, !dbg !10
  %call85 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @m1, ptr nonnull %small_key, ptr %opaque84, i64 0) #0, !dbg !10
  %at86 = getelementptr i8, ptr %opaque84, i64 24, !dbg !10
  %5 = atomicrmw add ptr %at86, i64 %call85 monotonic, align 8, !dbg !10
  br label %joined81, !dbg !10

joined81:                                         ; preds = %missing80, %found79
  %at87 = getelementptr i8, ptr %0, i64 24, !dbg !11
  %filename = load i64, ptr %at87, align 8, !dbg !11
  %usym = getelementptr i8, ptr %string_area, i64 48, !dbg !11
  store i64 %filename, ptr %usym, align 8, !dbg !11
  %call89 = call i64 inttoptr (i64 14 to ptr)() #0, !dbg !11
  %pid90 = lshr i64 %call89, 32, !dbg !11
  %at91 = getelementptr i8, ptr %string_area, i64 56, !dbg !11
  store i64 %pid90, ptr %at91, align 8, !dbg !11
  %kstack = getelementptr i8, ptr %string_area, i64 64, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %kstack, i8 0, i64 16, i1 false), !dbg !11
  %call93 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !11
  %no_buffer96 = icmp eq ptr %call93, null, !dbg !11
  br i1 %no_buffer96, label %stack_done95, label %stack_buffer94, !dbg !11

stack_buffer94:                                   ; preds = %joined81
  %call97 = call i64 inttoptr (i64 67 to ptr)(ptr nonnull %0, ptr nonnull %call93, i64 16, i64 0) #0, !dbg !11
  %bytes99 = call i64 @llvm.smax.i64(i64 %call97, i64 0), !dbg !11
  %frames100 = lshr i64 %bytes99, 3, !dbg !11
  %nonempty101.not = icmp ult i64 %bytes99, 8, !dbg !11
  br i1 %nonempty101.not, label %stack_done95, label %stack_hash102, !dbg !11

stack_done95:                                     ; preds = %stack_lost125, %stack_store103, %stack_buffer94, %joined81
  %kstack127 = getelementptr i8, ptr %string_area, i64 80, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %kstack127, i8 0, i64 16, i1 false), !dbg !11
  %call128 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @sonde_stkbuf, ptr nonnull %zero_key) #0, !dbg !11
  %no_buffer131 = icmp eq ptr %call128, null, !dbg !11
  br i1 %no_buffer131, label %stack_done130, label %stack_buffer129, !dbg !11

stack_hash102:                                    ; preds = %stack_buffer94
  %frame104 = load i64, ptr %call93, align 8, !dbg !11
  %h_xor105 = xor i64 %frame104, -7046029254386353131, !dbg !11
  %h_mul106 = mul i64 %h_xor105, -49064778989728563, !dbg !11
  %h_high107 = lshr i64 %h_mul106, 33, !dbg !11
  %h108 = xor i64 %h_high107, %h_mul106, !dbg !11
  %more109 = icmp ugt i64 %bytes99, 15, !dbg !11
  br i1 %more109, label %stack_frame110, label %stack_store103, !dbg !11

stack_store103:                                   ; preds = %stack_frame110, %stack_hash102
  %hash117 = phi i64 [ %h108, %stack_hash102 ], [ %h116, %stack_frame110 ], !dbg !11
  store i64 %hash117, ptr %kstack, align 8, !dbg !11
  %frames32118 = trunc i64 %frames100 to i32, !dbg !11
  %at119 = getelementptr i8, ptr %string_area, i64 72, !dbg !11
  store i32 %frames32118, ptr %at119, align 4, !dbg !11
  %call120 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk2, ptr nonnull %kstack, ptr nonnull %call93, i64 1) #0, !dbg !11
  %store_failed121 = icmp slt i64 %call120, 0, !dbg !11
  %stored_before122 = icmp ne i64 %call120, -17, !dbg !11
  %lost124 = and i1 %store_failed121, %stored_before122, !dbg !11
  br i1 %lost124, label %stack_lost125, label %stack_done95, !dbg !11

stack_frame110:                                   ; preds = %stack_hash102
  %at111 = getelementptr i8, ptr %call93, i64 8, !dbg !11
  %frame112 = load i64, ptr %at111, align 8, !dbg !11
  %h_xor113 = xor i64 %frame112, %h108, !dbg !11
  %h_mul114 = mul i64 %h_xor113, -49064778989728563, !dbg !11
  %h_high115 = lshr i64 %h_mul114, 33, !dbg !11
  %h116 = xor i64 %h_high115, %h_mul114, !dbg !11
  br label %stack_store103, !dbg !11

stack_lost125:                                    ; preds = %stack_store103
  %6 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 4), i64 1 monotonic, align 8, !dbg !11
  br label %stack_done95, !dbg !11

stack_buffer129:                                  ; preds = %stack_done95
  %call132 = call i64 inttoptr (i64 67 to ptr)(ptr nonnull %0, ptr nonnull %call128, i64 24, i64 0) #0, !dbg !11
  %bytes134 = call i64 @llvm.smax.i64(i64 %call132, i64 0), !dbg !11
  %frames135 = lshr i64 %bytes134, 3, !dbg !11
  %nonempty136.not = icmp ult i64 %bytes134, 8, !dbg !11
  br i1 %nonempty136.not, label %stack_done130, label %stack_hash137, !dbg !11

stack_done130:                                    ; preds = %stack_lost168, %stack_store138, %stack_buffer129, %stack_done95
  %at169 = getelementptr i8, ptr %string_area, i64 88, !dbg !11
  %frames170 = load i32, ptr %at169, align 4, !dbg !11
  %call171 = call ptr inttoptr (i64 131 to ptr)(ptr nonnull @sonde_events, i64 56, i64 0) #0, !dbg !11
  %is_null172 = icmp eq ptr %call171, null, !dbg !11
  br i1 %is_null172, label %missing174, label %found173, !dbg !11

stack_hash137:                                    ; preds = %stack_buffer129
  %frame139 = load i64, ptr %call128, align 8, !dbg !11
  %h_xor140 = xor i64 %frame139, -7046029254386353131, !dbg !11
  %h_mul141 = mul i64 %h_xor140, -49064778989728563, !dbg !11
  %h_high142 = lshr i64 %h_mul141, 33, !dbg !11
  %h143 = xor i64 %h_high142, %h_mul141, !dbg !11
  %more144 = icmp ugt i64 %bytes134, 15, !dbg !11
  br i1 %more144, label %stack_frame145, label %stack_store138, !dbg !11

stack_store138:                                   ; preds = %stack_frame153, %stack_frame145, %stack_hash137
  %hash160 = phi i64 [ %h143, %stack_hash137 ], [ %h151, %stack_frame145 ], [ %h159, %stack_frame153 ], !dbg !11
  store i64 %hash160, ptr %kstack127, align 8, !dbg !11
  %frames32161 = trunc i64 %frames135 to i32, !dbg !11
  %at162 = getelementptr i8, ptr %string_area, i64 88, !dbg !11
  store i32 %frames32161, ptr %at162, align 4, !dbg !11
  %call163 = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @sonde_stk3, ptr nonnull %kstack127, ptr nonnull %call128, i64 1) #0, !dbg !11
  %store_failed164 = icmp slt i64 %call163, 0, !dbg !11
  %stored_before165 = icmp ne i64 %call163, -17, !dbg !11
  %lost167 = and i1 %store_failed164, %stored_before165, !dbg !11
  br i1 %lost167, label %stack_lost168, label %stack_done130, !dbg !11

stack_frame145:                                   ; preds = %stack_hash137
  %at146 = getelementptr i8, ptr %call128, i64 8, !dbg !11
  %frame147 = load i64, ptr %at146, align 8, !dbg !11
  %h_xor148 = xor i64 %frame147, %h143, !dbg !11
  %h_mul149 = mul i64 %h_xor148, -49064778989728563, !dbg !11
  %h_high150 = lshr i64 %h_mul149, 33, !dbg !11
  %h151 = xor i64 %h_high150, %h_mul149, !dbg !11
  %more152 = icmp ugt i64 %bytes134, 23, !dbg !11
  br i1 %more152, label %stack_frame153, label %stack_store138, !dbg !11

stack_frame153:                                   ; preds = %stack_frame145
  %at154 = getelementptr i8, ptr %call128, i64 16, !dbg !11
  %frame155 = load i64, ptr %at154, align 8, !dbg !11
  %h_xor156 = xor i64 %frame155, %h151, !dbg !11
  %h_mul157 = mul i64 %h_xor156, -49064778989728563, !dbg !11
  %h_high158 = lshr i64 %h_mul157, 33, !dbg !11
  %h159 = xor i64 %h_high158, %h_mul157, !dbg !11
  br label %stack_store138, !dbg !11

stack_lost168:                                    ; preds = %stack_store138
  %7 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 5), i64 1 monotonic, align 8, !dbg !11
  br label %stack_done130, !dbg !11

found173:                                         ; preds = %stack_done130
  %len = zext i32 %frames170 to i64, !dbg !11
  %at176 = getelementptr i8, ptr %call171, i64 8, !dbg !11
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(56) %call171, i8 0, i64 56, i1 false), !dbg !11
  store i64 -2123658768, ptr %at176, align 8, !dbg !11
  %at177 = getelementptr i8, ptr %call171, i64 16, !dbg !11
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at177, ptr noundef nonnull align 8 dereferenceable(16) %usym, i64 16, i1 false), !dbg !11
  %at178 = getelementptr i8, ptr %call171, i64 32, !dbg !11
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %at178, ptr noundef nonnull align 8 dereferenceable(16) %kstack, i64 16, i1 false), !dbg !11
  %at179 = getelementptr i8, ptr %call171, i64 48, !dbg !11
  store i64 %len, ptr %at179, align 8, !dbg !11
  %call180 = call i64 inttoptr (i64 132 to ptr)(ptr nonnull %call171, i64 0) #0, !dbg !11
  br label %common.ret, !dbg !11

missing174:                                       ; preds = %stack_done130
  %8 = atomicrmw add ptr getelementptr inbounds ([6 x i64], ptr @sonde_counters, i64 0, i64 1), i64 1 monotonic, align 8, !dbg !11
  br label %common.ret, !dbg !11

common.ret:                                       ; preds = %entry, %found173, %missing174
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
