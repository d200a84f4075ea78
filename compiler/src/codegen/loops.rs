//! Loops. `while` is an ordinary loop in the probe's code (the verifier
//! accepts bounded loops). `for` loops run their body as a callback: over a
//! map by `bpf_for_each_map_elem`, over a range by `bpf_loop`. A callback sees
//! the probe's context, string area and variables through a context block on
//! the caller's stack (the verifier keeps the types of pointers spilled
//! there); in it `break` returns 1 (stop) and `continue` returns 0 (next).
//! `unroll` is in `mod.rs`: its block, generated N times over.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen, StringArea};
use crate::ast::{Expr, MapRef, Span, Stmt};
use crate::script::ValueKind;
use crate::types::Type;
use inkwell::IntPredicate;
use inkwell::basic_block::BasicBlock;
use inkwell::module::Linkage;
use inkwell::values::{FunctionValue, IntValue, PointerValue};
use std::cell::RefCell;
use std::collections::HashMap;

/// `bpf_loop` runs at most this many iterations (the kernel's
/// `BPF_MAX_LOOPS`); a longer range stops there.
pub const MAX_RANGE_ITERATIONS: u64 = 1 << 23;

/// Where `break` and `continue` lead in the loop around them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LoopTarget<'ctx> {
    /// A `while` in this function: its condition and the block after it.
    Blocks {
        next: BasicBlock<'ctx>,
        exit: BasicBlock<'ctx>,
    },
    /// This function is the body of a `for` loop; `exit()` in it sets the
    /// caller's flag (in the context block), so that the caller ends too.
    Callback { exit_flag: PointerValue<'ctx> },
}

/// A callback being built: the function and where the caller resumes.
struct Callback<'ctx> {
    function: FunctionValue<'ctx>,
    entry: BasicBlock<'ctx>,
    start: BasicBlock<'ctx>,
    /// The context block on the caller's stack.
    block: PointerValue<'ctx>,
    resume: BasicBlock<'ctx>,
}

/// Context block slots before the variables: ctx, string area, one value,
/// the exit flag.
const HEADER_SLOTS: usize = 4;
const EXIT_FLAG_SLOT: u32 = 3;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// `while (cond) { body }`.
    pub fn while_loop(&self, f: &mut Func<'ctx, 'a>, cond: &Expr, body: &[Stmt]) -> CgResult<()> {
        let test = self.ctx.append_basic_block(f.function, "while_cond");
        let run = self.ctx.append_basic_block(f.function, "while_body");
        let done = self.ctx.append_basic_block(f.function, "while_end");
        self.builder.build_unconditional_branch(test)?;
        self.builder.position_at_end(test);
        self.locate(f.scope, &cond.span);
        let c = self.expr(f, cond)?.int()?;
        let c = self.truthy(c)?;
        self.builder.build_conditional_branch(c, run, done)?;
        self.builder.position_at_end(run);
        f.loops.push(LoopTarget::Blocks {
            next: test,
            exit: done,
        });
        let built = self.stmts(f, body);
        f.loops.pop();
        built?;
        self.builder.build_unconditional_branch(test)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    /// `break` (or `continue`) out of the innermost loop.
    pub fn jump(&self, f: &mut Func<'ctx, 'a>, is_break: bool) -> CgResult<()> {
        match f.loops.last() {
            Some(LoopTarget::Blocks { next, exit }) => {
                let to = if is_break { *exit } else { *next };
                self.builder.build_unconditional_branch(to)?;
            }
            Some(LoopTarget::Callback { .. }) => {
                let stop = self.i64.const_int(u64::from(is_break), false);
                self.builder.build_return(Some(&stop))?;
            }
            None => return Err(CodegenError("break or continue outside a loop".into())),
        }
        self.continue_in_dead_block(f);
        Ok(())
    }

    /// `let $x;`: the variable holds 0 (an empty string) until assigned.
    pub fn zero_variable(&self, f: &mut Func<'ctx, 'a>, slot: &str) -> CgResult<()> {
        // Never assigned and never read: sema gave it no type and no storage.
        let (Some(at), Some(t)) = (f.vars.get(slot), f.var_types.get(slot)) else {
            return Ok(());
        };
        match t {
            Type::Int { .. } => {
                self.builder.build_store(*at, self.i64.const_zero())?;
            }
            Type::Str => self.zero(*at, self.analysis.string_size)?,
            other => {
                let size = self.analysis.layout(*other).map_or(8, |k| k.slot_size());
                self.zero(*at, size)?;
            }
        }
        Ok(())
    }

    /// Starts a callback of `params` pointer parameters whose last is the
    /// context block, built here on `f`'s stack: `f`'s ctx, its string area,
    /// `value`, then a pointer to each of its variables but `own` (which the
    /// callback provides itself). Returns the callback's `Func`, positioned
    /// in its body, and the value as the callback reads it.
    fn open_callback(
        &self,
        f: &mut Func<'ctx, 'a>,
        params: usize,
        value: IntValue<'ctx>,
        own: Option<&str>,
        span: &Span,
    ) -> CgResult<(Func<'ctx, 'a>, Callback<'ctx>, IntValue<'ctx>)> {
        let area = self.string_area_base(f)?;
        let mut shared: Vec<(String, PointerValue<'ctx>)> = f
            .vars
            .iter()
            .filter(|(name, _)| Some(name.as_str()) != own)
            .map(|(n, p)| (n.clone(), *p))
            .collect();
        // In name order, so that the object is the same from run to run.
        shared.sort_by(|a, b| a.0.cmp(&b.0));
        // One block serves every loop of the function (their calls never
        // overlap), sized for all its variables.
        let slots = u32::try_from(HEADER_SLOTS + f.vars.len())
            .map_err(|_| CodegenError("too many variables".into()))?;
        let block = self.shared_slot(f, "loop_ctx", self.ptr.array_type(slots).into())?;
        let no_exit = self.i64.const_zero();
        let pointers = [f.ctx_arg, area]
            .into_iter()
            .map(Into::into)
            .chain([value.into(), no_exit.into()])
            .chain(shared.iter().map(|(_, p)| (*p).into()));
        for (i, p) in pointers.enumerate() {
            let p: inkwell::values::BasicValueEnum = p;
            self.builder
                .build_store(self.byte_offset(block, (i * 8) as u32)?, p)?;
        }

        let name = format!("{}_loop", f.function.get_name().to_string_lossy());
        let function = self.bpf_function(&name, params, Linkage::Internal, ".text");
        let entry = self.ctx.append_basic_block(function, "entry");
        let start = self.ctx.append_basic_block(function, "body");
        let resume = self
            .builder
            .get_insert_block()
            .ok_or_else(|| CodegenError("builder has no block".into()))?;
        let context = self.param(function, params - 1)?;
        let allocas = self.ctx.create_builder();
        allocas.position_at_end(entry);
        self.builder.position_at_end(start);
        // The caller's location belongs to another function's scope.
        self.builder.unset_current_debug_location();
        let slot_at = |i: usize| self.byte_offset(context, (i * 8) as u32);
        let load_ptr = |i: usize, name: &str| -> CgResult<PointerValue<'ctx>> {
            Ok(self
                .builder
                .build_load(self.ptr, slot_at(i)?, name)?
                .into_pointer_value())
        };
        let mut vars = HashMap::new();
        for (i, (n, _)) in shared.iter().enumerate() {
            vars.insert(n.clone(), load_ptr(HEADER_SLOTS + i, n)?);
        }
        let value = self
            .builder
            .build_load(self.i64, slot_at(2)?, "loop_value")?
            .into_int_value();
        let exit_flag = slot_at(EXIT_FLAG_SLOT as usize)?;
        let inner = Func {
            function,
            ctx_arg: load_ptr(0, "ctx")?,
            allocas,
            vars,
            attach: f.attach,
            format: f.format,
            user_pointers: f.user_pointers,
            entry,
            // Continue after the caller's own strings so that nothing overlaps.
            string_area: RefCell::new(StringArea {
                base: Some(load_ptr(1, "string_area")?),
                used: f.string_area.borrow().used,
            }),
            shared_slots: RefCell::default(),
            var_types: f.var_types,
            is_callback: true,
            scope: self
                .debug
                .as_ref()
                .map(|d| d.describe(function, true, span)),
            loops: vec![LoopTarget::Callback { exit_flag }],
        };
        self.locate(inner.scope, span);
        let callback = Callback {
            function,
            entry,
            start,
            block,
            resume,
        };
        Ok((inner, callback, value))
    }

    /// Runs the body in the callback, ends it, and positions the builder
    /// back in the caller.
    fn close_callback(
        &self,
        f: &mut Func<'ctx, 'a>,
        mut inner: Func<'ctx, 'a>,
        callback: &Callback<'ctx>,
        body: &[Stmt],
        span: &Span,
    ) -> CgResult<()> {
        self.stmts(&mut inner, body)?;
        self.builder.build_return(Some(&self.i64.const_zero()))?;
        inner.allocas.position_at_end(callback.entry);
        inner.allocas.build_unconditional_branch(callback.start)?;
        let used = inner.string_area.borrow().used;
        f.string_area.borrow_mut().used = used;
        self.strings_size.set(self.strings_size.get().max(used));
        self.builder.position_at_end(callback.resume);
        self.locate(f.scope, span);
        Ok(())
    }

    fn param(&self, function: FunctionValue<'ctx>, i: usize) -> CgResult<PointerValue<'ctx>> {
        Ok(function
            .get_nth_param(i as u32)
            .ok_or_else(|| CodegenError("callback parameter".into()))?
            .into_pointer_value())
    }

    /// `for ($i : start..end) { body }`: `bpf_loop(end - start, ...)`, the
    /// callback setting $i to start + index. Both ends are evaluated once.
    pub fn for_range(
        &self,
        f: &mut Func<'ctx, 'a>,
        var: &str,
        start: &Expr,
        end: &Expr,
        body: &[Stmt],
    ) -> CgResult<()> {
        let signed = match f.var_types.get(var) {
            Some(Type::Int { signed }) => *signed,
            _ => {
                return Err(CodegenError(format!(
                    "loop variable {var} is not an integer"
                )));
            }
        };
        let first = self.expr(f, start)?.int()?;
        let last = self.expr(f, end)?.int()?;
        let (less, at_most) = if signed {
            (IntPredicate::SLT, IntPredicate::ULE)
        } else {
            (IntPredicate::ULT, IntPredicate::ULE)
        };
        let nonempty = self
            .builder
            .build_int_compare(less, first, last, "range_nonempty")?;
        let span_len = self.builder.build_int_sub(last, first, "range_len")?;
        let count = self
            .builder
            .build_select(nonempty, span_len, self.i64.const_zero(), "range_count")?
            .into_int_value();
        let limit = self.i64.const_int(MAX_RANGE_ITERATIONS, false);
        let fits = self
            .builder
            .build_int_compare(at_most, count, limit, "range_fits")?;
        let count = self
            .builder
            .build_select(fits, count, limit, "range_iterations")?
            .into_int_value();

        let span = start.span.start..end.span.end;
        // The callback: (index, context) -> 0 to go on, 1 to stop.
        let (inner, callback, first) = self.open_callback(f, 2, first, None, &span)?;
        let index =
            self.builder
                .build_ptr_to_int(self.param(callback.function, 0)?, self.i64, "index")?;
        let value = self.builder.build_int_add(first, index, "loop_var")?;
        let slot = *inner
            .vars
            .get(var)
            .ok_or_else(|| CodegenError(format!("loop variable {var} has no slot")))?;
        self.builder.build_store(slot, value)?;
        self.close_callback(f, inner, &callback, body, &span)?;
        // No call for an empty range: given a count of 0 the verifier never
        // visits the callback, drops it as dead code and then fails on the
        // reference to it ("No program to jit", Linux 6.18).
        let run = self.ctx.append_basic_block(f.function, "range_run");
        let done = self.ctx.append_basic_block(f.function, "range_done");
        let any = self.builder.build_int_compare(
            IntPredicate::NE,
            count,
            self.i64.const_zero(),
            "range_any",
        )?;
        self.builder.build_conditional_branch(any, run, done)?;
        self.builder.position_at_end(run);
        self.call_int(
            Helper::Loop,
            &[
                Arg::Int(count),
                Arg::Ptr(callback.function.as_global_value().as_pointer_value()),
                Arg::Ptr(callback.block),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        self.end_if_exited(f, &callback)
    }

    pub fn for_map(
        &self,
        f: &mut Func<'ctx, 'a>,
        var: &str,
        map: &MapRef,
        body: &[Stmt],
    ) -> CgResult<()> {
        let (spec, global) = self.user_map(map)?;
        let kv_type = *f
            .var_types
            .get(var)
            .ok_or_else(|| CodegenError(format!("loop variable {var} has no type")))?;
        let Some(ValueKind::Tuple(kv_layout)) = self.analysis.layout(kv_type) else {
            return Err(CodegenError(
                "loop variable is not a (key, value) tuple".into(),
            ));
        };

        // The callback: (map, key, value, context) -> 0 to go on, 1 to stop.
        let unused = self.i64.const_zero();
        let (mut inner, callback, _) = self.open_callback(f, 4, unused, Some(var), &map.span)?;
        let (key, value) = (
            self.param(callback.function, 1)?,
            self.param(callback.function, 2)?,
        );

        // $kv: the key (a tuple of keys when there are several) and the value,
        // laid out as a tuple.
        let kv_size: u32 = kv_layout.iter().map(ValueKind::slot_size).sum();
        let kv = self.scratch_bytes(&inner, kv_size, "kv")?;
        self.zero(kv, kv_size)?;
        let kv_offsets = ValueKind::tuple_offsets(&kv_layout);
        let key_targets: Vec<u32> = match kv_layout.first() {
            Some(ValueKind::Tuple(parts)) => ValueKind::tuple_offsets(parts),
            _ => vec![0],
        };
        let mut from = 0;
        for (part, to) in spec.keys.iter().zip(key_targets) {
            let src = self.byte_offset(key, from)?;
            // A `key32` key is 4 bytes: the slot's high half stays zero.
            let size = part.slot_size().min(spec.key_size());
            self.copy_bytes(self.byte_offset(kv, to)?, src, size)?;
            from += part.slot_size();
        }
        let value_at = *kv_offsets
            .get(1)
            .ok_or_else(|| CodegenError("kv layout".into()))?;
        if spec.kind.is_aggregation() {
            // The callback sees this CPU's copy; the loop shows the total.
            let merged = self.merged_value(&inner, spec, global, key)?;
            self.builder
                .build_store(self.byte_offset(kv, value_at)?, merged)?;
        } else {
            self.copy_bytes(
                self.byte_offset(kv, value_at)?,
                value,
                spec.value.slot_size(),
            )?;
        }
        inner.vars.insert(var.to_string(), kv);
        self.close_callback(f, inner, &callback, body, &map.span)?;
        self.call_int(
            Helper::ForEachMapElem,
            &[
                Arg::Ptr(global.as_pointer_value()),
                Arg::Ptr(callback.function.as_global_value().as_pointer_value()),
                Arg::Ptr(callback.block),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        self.end_if_exited(f, &callback)
    }

    /// After a loop: if `exit()` ran in its body, this program run ends here
    /// too (and, in a loop body itself, tells its own caller).
    fn end_if_exited(&self, f: &mut Func<'ctx, 'a>, callback: &Callback<'ctx>) -> CgResult<()> {
        let flag = self.byte_offset(callback.block, EXIT_FLAG_SLOT * 8)?;
        let flag = self
            .builder
            .build_load(self.i64, flag, "exited")?
            .into_int_value();
        let exited = self.truthy(flag)?;
        let stop = self.ctx.append_basic_block(f.function, "loop_exited");
        let go_on = self.ctx.append_basic_block(f.function, "loop_done");
        self.builder.build_conditional_branch(exited, stop, go_on)?;
        self.builder.position_at_end(stop);
        self.note_exit(f)?;
        let code = self.i64.const_int(u64::from(f.is_callback), false);
        self.builder.build_return(Some(&code))?;
        self.builder.position_at_end(go_on);
        Ok(())
    }

    /// `exit()` in a loop body: raise the caller's flag (the body then
    /// returns 1, which stops the loop).
    pub fn note_exit(&self, f: &Func<'ctx, 'a>) -> CgResult<()> {
        if let Some(LoopTarget::Callback { exit_flag }) = f.loops.first() {
            self.builder
                .build_store(*exit_flag, self.i64.const_int(1, false))?;
        }
        Ok(())
    }

    /// len(@map): bpf_for_each_map_elem returns how many elements it visited.
    pub fn map_len(&self, map: &MapRef) -> CgResult<Val<'ctx>> {
        let (_, global) = self.user_map(map)?;
        let callback = match self.module.get_function("sonde_count_element") {
            Some(existing) => existing,
            None => {
                let callback =
                    self.bpf_function("sonde_count_element", 4, Linkage::Internal, ".text");
                // BTF generation needs debug info on every function.
                if let Some(debug) = &self.debug {
                    debug.describe(callback, true, &map.span);
                }
                let b = self.ctx.create_builder();
                b.position_at_end(self.ctx.append_basic_block(callback, "entry"));
                b.build_return(Some(&self.i64.const_zero()))?;
                callback
            }
        };
        let null = self.ptr.const_null();
        Ok(Val::Int(self.call_int(
            Helper::ForEachMapElem,
            &[
                Arg::Ptr(global.as_pointer_value()),
                Arg::Ptr(callback.as_global_value().as_pointer_value()),
                Arg::Ptr(null),
                Arg::Int(self.i64.const_zero()),
            ],
        )?))
    }
}

impl<'a> Gen<'_, 'a> {
    /// The variable slots that statements run by a helper's callback
    /// (`for ($kv : @map)`, `for ($i : a..b)` bodies) assign, at any depth.
    pub(super) fn written_in_callbacks(
        &self,
        body: &'a [crate::ast::Stmt],
        inside: bool,
        out: &mut std::collections::HashSet<&'a str>,
    ) {
        use crate::ast::{ExprKind, StmtKind};
        for s in body {
            // `$x++` inside an expression writes `$x` too, and so do the
            // statements of block expressions.
            let mut blocks = Vec::new();
            for e in s.own_exprs() {
                e.walk(&mut |e| match &e.kind {
                    ExprKind::IncDec { target, .. } if inside => {
                        if let ExprKind::Var(name) = &target.kind {
                            out.insert(self.slot(name, target.id));
                        }
                    }
                    ExprKind::Call { name, args, .. } if inside && name == "find" => {
                        if let Some(ExprKind::Var(var)) = args.get(2).map(|a| &a.kind)
                            && let Some(a) = args.get(2)
                        {
                            out.insert(self.slot(var, a.id));
                        }
                    }
                    ExprKind::Block { stmts, .. } => blocks.push(stmts),
                    _ => {}
                });
            }
            for stmts in blocks {
                self.written_in_callbacks(stmts, inside, out);
            }
            match &s.kind {
                StmtKind::AssignVar { name, .. } | StmtKind::Let { name, .. } if inside => {
                    out.insert(self.slot(name, s.id));
                }
                StmtKind::ForMap { body, .. } | StmtKind::ForRange { body, .. } => {
                    self.written_in_callbacks(body, true, out);
                }
                StmtKind::If {
                    then, otherwise, ..
                } => {
                    self.written_in_callbacks(then, inside, out);
                    self.written_in_callbacks(otherwise, inside, out);
                }
                StmtKind::Block(inner)
                | StmtKind::While { body: inner, .. }
                | StmtKind::Unroll { body: inner, .. } => {
                    self.written_in_callbacks(inner, inside, out);
                }
                _ => {}
            }
        }
    }
}
