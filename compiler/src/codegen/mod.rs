//! AST + analysis → one LLVM module → one BPF ELF object. One function per
//! program; the maps, helpers, record layout and expression lowering live in
//! the submodules.

mod aggregate;
mod debug;
mod emit;
mod expr;
mod functions;
mod helper_errors;
mod helpers;
mod loops;
mod maps;
mod output;
mod program;
mod split_memory;
mod stacks;
mod string_search;
mod tseries;
mod user_stacks;

use crate::ast::{ExprKind, Program, Stmt, StmtKind};
use crate::diag::Diagnostic;
use crate::kernel::TracepointFormat;
use crate::script::{Attach, ProgramSpec};
use crate::sema::{Analysis, ProbeAnalysis};
use emit::{BpfTarget, LlvmDiagnostics, backend_diagnostics};
use inkwell::AddressSpace;
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::basic_block::BasicBlock;
use inkwell::builder::{Builder, BuilderError};
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::targets::FileType;
use inkwell::types::{IntType, PointerType};
use inkwell::values::{FunctionValue, GlobalValue, IntValue, PointerValue};
use program::{same_program_type, section_for};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// What to produce from the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// The IR as generated, before optimisation.
    LlvmOriginal,
    Llvm,
    Asm,
    Object,
}

pub struct Generated {
    pub bytes: Vec<u8>,
    pub programs: Vec<ProgramSpec>,
    /// `-k`: the reads that report failures: the helper's name and the span
    /// of the read.
    pub helper_error_sites: Vec<(&'static str, (usize, usize))>,
}

/// A failure inside code generation: a bug in Sonde (it still becomes a
/// diagnostic rather than a panic), or, with `limit` set, a script that needs
/// more than the kernel allows.
#[derive(Debug)]
pub struct CodegenError(pub String);

impl CodegenError {
    /// A script beyond a kernel limit; said plainly, not as a compiler bug.
    pub fn limit(message: String) -> Self {
        CodegenError(format!("{LIMIT}{message}"))
    }
}

/// Marks limit errors (see `CodegenError::limit`).
const LIMIT: &str = "limit: ";

impl From<BuilderError> for CodegenError {
    fn from(e: BuilderError) -> Self {
        CodegenError(format!("LLVM builder: {e}"))
    }
}

pub type CgResult<T> = Result<T, CodegenError>;

pub fn generate(
    program: &Program,
    analysis: &Analysis,
    source: &crate::diag::Source,
    artifact: Artifact,
) -> Result<Generated, Vec<Diagnostic>> {
    let context = Context::create();
    let mut llvm_diags = LlvmDiagnostics::install(&context);
    let target = BpfTarget::new().map_err(|e| vec![Diagnostic::global(e)])?;
    let internal = |e: CodegenError| {
        vec![match e.0.strip_prefix(LIMIT) {
            Some(message) => Diagnostic::global(message.to_string())
                .with_hint("store values in maps (@name = ...) or split the probe into several"),
            None => Diagnostic::global(format!("internal compiler error: {}", e.0)),
        }]
    };

    let generator = Gen::new(&context, analysis, source).map_err(internal)?;
    target.prepare(&generator.module);
    let programs = generator.programs(program).map_err(internal)?;
    generator.finish_maps();
    if let Some(debug) = &generator.debug {
        debug.finalize();
    }
    if let Err(e) = generator.module.verify() {
        return Err(internal(CodegenError(format!("invalid LLVM module: {e}"))));
    }
    let module = generator.module;
    let backend = |messages: Vec<String>, fallback: String| -> Vec<Diagnostic> {
        let messages = if messages.is_empty() {
            vec![fallback]
        } else {
            messages
        };
        backend_diagnostics(&messages, &programs, source)
    };
    if artifact == Artifact::LlvmOriginal {
        return Ok(Generated {
            bytes: module.print_to_string().to_bytes().to_vec(),
            programs,
            helper_error_sites: Vec::new(),
        });
    }
    target
        .optimise(&module)
        .map_err(|e| backend(llvm_diags.take(), e))?;
    split_memory::split_long_memory_calls(&context, &module)
        .map_err(|e| backend(llvm_diags.take(), e))?;
    // The module is always verified as generated (above); `--verify-llvm-ir`
    // checks it after optimisation and the cutting of long copies too.
    if analysis.verify_ir
        && let Err(e) = module.verify()
    {
        return Err(internal(CodegenError(format!(
            "invalid LLVM module after optimisation: {e}"
        ))));
    }
    let bytes = match artifact {
        Artifact::LlvmOriginal => Vec::new(),
        Artifact::Llvm => module.print_to_string().to_bytes().to_vec(),
        Artifact::Asm => target
            .emit(&module, FileType::Assembly)
            .map_err(|e| backend(llvm_diags.take(), e))?,
        Artifact::Object => target
            .emit(&module, FileType::Object)
            .map_err(|e| backend(llvm_diags.take(), e))?,
    };
    let messages = llvm_diags.take();
    if !messages.is_empty() {
        return Err(backend(messages, String::new()));
    }
    let helper_error_sites = generator
        .helper_error_sites
        .take()
        .into_iter()
        .map(|(helper, span)| (helper.name(), span))
        .collect();
    Ok(Generated {
        bytes,
        programs,
        helper_error_sites,
    })
}

/// Module-wide state: types, the maps, the builder.
pub(crate) struct Gen<'ctx, 'a> {
    pub ctx: &'ctx Context,
    pub module: Module<'ctx>,
    pub builder: Builder<'ctx>,
    pub analysis: &'a Analysis,
    pub i64: IntType<'ctx>,
    pub i32: IntType<'ctx>,
    pub i8: IntType<'ctx>,
    pub ptr: PointerType<'ctx>,
    pub user_maps: Vec<GlobalValue<'ctx>>,
    pub events: GlobalValue<'ctx>,
    pub strings: GlobalValue<'ctx>,
    pub errors: GlobalValue<'ctx>,
    pub vars_map: GlobalValue<'ctx>,
    /// The stack maps by limit, and the per-CPU buffer stacks are read into.
    pub stack_maps: Vec<(u32, GlobalValue<'ctx>)>,
    pub stack_scratch: Option<GlobalValue<'ctx>>,
    /// `sonde_useq`, when a `ustack` is unwound from CFI.
    pub ustack_sequence: Option<GlobalValue<'ctx>>,
    /// `sonde_useen`, when a frame-pointer `ustack` announces its process.
    pub process_seen: Option<GlobalValue<'ctx>>,
    /// The largest string area any program needs (the strings map's value size).
    pub strings_size: Cell<u32>,
    pub debug: Option<debug::DebugInfo<'ctx>>,
    /// The span of the expression being compiled: where a probe read is,
    /// for `-k`'s reports.
    pub reading_at: Cell<(usize, usize)>,
    /// `-k`: the probe reads that report failures (helper, span), by site.
    pub helper_error_sites: std::cell::RefCell<Vec<(helpers::Helper, (usize, usize))>>,
}

/// Per-program state.
pub(crate) struct Func<'ctx, 'a> {
    pub function: FunctionValue<'ctx>,
    pub ctx_arg: PointerValue<'ctx>,
    /// Positioned in the entry block, where every alloca must go.
    pub allocas: Builder<'ctx>,
    pub vars: HashMap<String, PointerValue<'ctx>>,
    pub attach: &'a Attach,
    pub format: Option<&'a TracepointFormat>,
    /// Pointers in this context point to user memory (syscall arguments).
    pub user_pointers: bool,
    pub entry: BasicBlock<'ctx>,
    /// This program's area in the strings map, looked up once in the entry block.
    pub string_area: RefCell<StringArea<'ctx>>,
    /// Stack slots that helper calls read (keys, initial values), shared by
    /// every use in the program: their uses never overlap, and one slot per
    /// use would overflow the 512-byte stack in a long probe.
    pub shared_slots: RefCell<HashMap<&'static str, PointerValue<'ctx>>>,
    /// The probe's variables and their types.
    pub var_types: &'a std::collections::BTreeMap<String, crate::types::Type>,
    /// A for-loop body, run by bpf_for_each_map_elem: exit() returns 1 to
    /// stop the iteration instead of 0.
    pub is_callback: bool,
    /// The function's debug-info scope, for instruction locations.
    pub scope: Option<inkwell::debug_info::DIScope<'ctx>>,
    /// Where `break` and `continue` go, innermost loop last.
    pub loops: Vec<loops::LoopTarget<'ctx>>,
}

#[derive(Default)]
pub(crate) struct StringArea<'ctx> {
    pub base: Option<PointerValue<'ctx>>,
    pub used: u32,
}

/// The attach points of one probe grouped by the program each gets: a body
/// that reads `args` or `probe` differs per attach point; any other body is
/// one program attached everywhere it is named (per program type).
pub fn program_groups(info: &ProbeAnalysis) -> Vec<Vec<usize>> {
    if info.per_attach {
        return (0..info.attaches.len()).map(|i| vec![i]).collect();
    }
    let mut by_kind: Vec<Vec<usize>> = Vec::new();
    for (i, a) in info.attaches.iter().enumerate() {
        match by_kind
            .iter_mut()
            .find(|g| same_program_type(&info.attaches[g[0]], a))
        {
            Some(g) => g.push(i),
            None => by_kind.push(vec![i]),
        }
    }
    by_kind
}

impl<'ctx, 'a> Gen<'ctx, 'a> {
    fn new(
        ctx: &'ctx Context,
        analysis: &'a Analysis,
        source: &crate::diag::Source,
    ) -> CgResult<Self> {
        let module = ctx.create_module("sonde");
        let debug = debug::DebugInfo::new(&module, &source.name, &source.text);
        let mut generator = Gen {
            ctx,
            builder: ctx.create_builder(),
            analysis,
            i64: ctx.i64_type(),
            i32: ctx.i32_type(),
            i8: ctx.i8_type(),
            ptr: ctx.ptr_type(AddressSpace::default()),
            user_maps: Vec::new(),
            events: module.add_global(ctx.i8_type(), None, "placeholder_events"),
            strings: module.add_global(ctx.i8_type(), None, "placeholder_strings"),
            errors: module.add_global(ctx.i8_type(), None, "placeholder_errors"),
            strings_size: Cell::new(0),
            stack_maps: Vec::new(),
            stack_scratch: None,
            ustack_sequence: None,
            process_seen: None,
            debug,
            vars_map: module.add_global(ctx.i8_type(), None, "placeholder_vars"),
            module,
            reading_at: Cell::new((0, 0)),
            helper_error_sites: std::cell::RefCell::new(Vec::new()),
        };
        generator.define_maps();
        generator.define_license();
        Ok(generator)
    }

    fn programs(&self, program: &Program) -> CgResult<Vec<ProgramSpec>> {
        let mut specs = Vec::new();
        for (probe, info) in program.probes.iter().zip(&self.analysis.probes) {
            for group in program_groups(info) {
                let name = format!("sonde_{}", specs.len());
                self.program(&name, probe, info, group[0])?;
                specs.push(ProgramSpec {
                    function: name,
                    attach: group.iter().map(|i| info.attaches[*i].clone()).collect(),
                });
            }
        }
        Ok(specs)
    }

    fn program(
        &self,
        name: &str,
        probe: &crate::ast::Probe,
        info: &'a ProbeAnalysis,
        index: usize,
    ) -> CgResult<()> {
        let attach = &info.attaches[index];
        let function = self.bpf_function(name, 1, Linkage::External, &section_for(attach, name));

        let entry = self.ctx.append_basic_block(function, "entry");
        let body = self.ctx.append_basic_block(function, "body");
        let allocas = self.ctx.create_builder();
        allocas.position_at_end(entry);
        self.builder.position_at_end(body);
        let ctx_arg = function
            .get_first_param()
            .ok_or_else(|| CodegenError("program without context parameter".into()))?
            .into_pointer_value();
        let mut f = Func {
            function,
            ctx_arg,
            allocas,
            vars: HashMap::new(),
            attach,
            format: info.formats[index].as_ref(),
            user_pointers: crate::probes::facts_of(attach).user_pointers,
            entry,
            string_area: RefCell::default(),
            shared_slots: RefCell::default(),
            var_types: &info.vars,
            is_callback: false,
            scope: self
                .debug
                .as_ref()
                .map(|d| d.describe(function, false, &probe.span)),
            loops: Vec::new(),
        };
        self.locate(f.scope, &probe.span);
        // A for loop's callback reaches the probe's variables by pointer. On
        // the stack the verifier tracks their exact values, so a counter the
        // body increments makes every pass a new state until the verifier
        // gives up; in the per-CPU scratch area their values are unknown to
        // it and the passes converge. Every other variable stays on the
        // stack, where the verifier can bound a `while` loop by it.
        let mut in_scratch = std::collections::HashSet::new();
        self.written_in_callbacks(&probe.body, false, &mut in_scratch);
        for (var, ty) in &info.vars {
            let slot = match ty {
                crate::types::Type::Str => self.alloca_string(&f, var)?,
                t if t.in_memory() => {
                    let size = self.analysis.layout(*ty).map_or(8, |k| k.slot_size());
                    self.scratch_bytes(&f, size, var)?
                }
                _ if in_scratch.contains(var.as_str()) => self.scratch_bytes(&f, 8, var)?,
                _ => f.allocas.build_alloca(self.i64, var)?,
            };
            f.vars.insert(var.clone(), slot);
        }
        self.pid_filter(&f, attach, function)?;
        self.iter_prologue(attach, function, ctx_arg)?;
        if let Some(pred) = &probe.predicate {
            let cond = self.expr(&mut f, pred)?.int()?;
            let pass = self.truthy(cond)?;
            self.return_unless(function, pass, "pred_true")?;
        }
        self.stmts(&mut f, &probe.body)?;
        self.builder.build_return(Some(&self.i64.const_zero()))?;
        f.allocas.position_at_end(entry);
        let area = f.string_area.borrow();
        match area.base {
            // The verifier needs the lookup checked before any use.
            Some(base) => {
                let bail = self.ctx.append_basic_block(function, "no_string_area");
                let is_null = f.allocas.build_is_null(base, "no_area")?;
                f.allocas.build_conditional_branch(is_null, bail, body)?;
                f.allocas.position_at_end(bail);
                f.allocas.build_return(Some(&self.i64.const_zero()))?;
            }
            None => {
                f.allocas.build_unconditional_branch(body)?;
            }
        }
        self.strings_size
            .set(self.strings_size.get().max(area.used));
        Ok(())
    }

    /// The statements of a block expression.
    pub(crate) fn block_statements(&self, f: &mut Func<'ctx, 'a>, stmts: &[Stmt]) -> CgResult<()> {
        self.stmts(f, stmts)
    }

    fn stmts(&self, f: &mut Func<'ctx, 'a>, stmts: &[Stmt]) -> CgResult<()> {
        for s in stmts {
            self.stmt(f, s)?;
        }
        Ok(())
    }

    fn stmt(&self, f: &mut Func<'ctx, 'a>, s: &Stmt) -> CgResult<()> {
        self.locate(f.scope, &s.span);
        match &s.kind {
            StmtKind::Expr(e) | StmtKind::Discard(e) => {
                self.expr(f, e)?;
            }
            StmtKind::Block(b) => self.stmts(f, b)?,
            StmtKind::Return => {
                // In a for loop's body (a callback): stop the loop and raise
                // the flag that makes each caller return too, as exit() does.
                self.note_exit(f)?;
                let code = self.i64.const_int(u64::from(f.is_callback), false);
                self.builder.build_return(Some(&code))?;
                self.continue_in_dead_block(f);
            }
            StmtKind::AssignVar { name, value }
            | StmtKind::Let {
                name,
                value: Some(value),
                ..
            } => {
                let v = self.expr(f, value)?;
                let v = match (v, self.analysis.store_width(s)) {
                    (expr::Val::Int(i), Some((bits, signed))) => {
                        expr::Val::Int(self.narrow(i, bits, signed)?)
                    }
                    (v, _) => v,
                };
                let name = self.slot(name, s.id);
                let slot = *f
                    .vars
                    .get(name)
                    .ok_or_else(|| CodegenError(format!("variable {name} has no slot")))?;
                // Strings fill their whole buffer; tuples their layout.
                let size = match v {
                    expr::Val::Tuple(_) => self
                        .analysis
                        .layout(self.analysis.type_of(value))
                        .map_or(8, |k| k.slot_size()),
                    _ => self.analysis.string_size,
                };
                self.store_value(slot, v, size)?;
            }
            StmtKind::AssignMap { map, value } => {
                let (_, spec) = self
                    .analysis
                    .map(&map.name)
                    .ok_or_else(|| CodegenError(format!("map @{} was not analysed", map.name)))?;
                match &value.kind {
                    ExprKind::Call { args, .. } if spec.kind.is_aggregation() => {
                        self.aggregate(f, map, value, args)?;
                    }
                    _ => {
                        let v = self.expr(f, value)?;
                        self.map_update(f, map, v)?;
                    }
                }
            }
            StmtKind::ForMap { var, map, body } => {
                self.for_map(f, self.slot(var, s.id), map, body)?
            }
            StmtKind::ForRange {
                var,
                start,
                end,
                body,
            } => self.for_range(f, self.slot(var, s.id), start, end, body)?,
            StmtKind::While { cond, body } => self.while_loop(f, cond, body)?,
            StmtKind::Unroll { count, body } => {
                let n = self
                    .analysis
                    .unroll_count(count)
                    .ok_or_else(|| CodegenError("unroll count was not checked".into()))?;
                for _ in 0..n {
                    self.stmts(f, body)?;
                }
            }
            StmtKind::Break => self.jump(f, true)?,
            StmtKind::Continue => self.jump(f, false)?,
            StmtKind::Let {
                name, value: None, ..
            } => self.zero_variable(f, self.slot(name, s.id))?,
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                if let Some(then_runs) = self.analysis.constant_if(s) {
                    // The other branch is not compiled (sema did not hold it
                    // to its errors either).
                    self.stmts(f, if then_runs { then } else { otherwise })?;
                    return Ok(());
                }
                let c = self.expr(f, cond)?.int()?;
                let c = self.truthy(c)?;
                let then_bb = self.ctx.append_basic_block(f.function, "then");
                let else_bb = self.ctx.append_basic_block(f.function, "else");
                let done = self.ctx.append_basic_block(f.function, "endif");
                self.builder.build_conditional_branch(c, then_bb, else_bb)?;
                for (bb, body) in [(then_bb, then), (else_bb, otherwise)] {
                    self.builder.position_at_end(bb);
                    self.stmts(f, body)?;
                    self.builder.build_unconditional_branch(done)?;
                }
                self.builder.position_at_end(done);
            }
        }
        Ok(())
    }

    /// The slot sema resolved the variable `name` of node `at` to (see `scope.rs`).
    fn slot<'n>(&self, name: &'n str, at: crate::ast::NodeId) -> &'n str
    where
        'a: 'n,
    {
        self.analysis.var_slot(at).unwrap_or(name)
    }

    /// `v` converted to an integer of `bits` (1: bool), as a cast does.
    fn narrow(&self, v: IntValue<'ctx>, bits: u8, signed: bool) -> CgResult<IntValue<'ctx>> {
        if bits == 1 {
            let set = self.truthy(v)?;
            return Ok(self.builder.build_int_z_extend(set, self.i64, "bool")?);
        }
        let unused = self.i64.const_int(u64::from(64 - bits.min(64)), false);
        let up = self.builder.build_left_shift(v, unused, "narrow_up")?;
        Ok(self
            .builder
            .build_right_shift(up, unused, signed, "narrow")?)
    }

    /// A function `i64 f(ptr, ...)` taking `params` pointers, in `section`,
    /// marked nounwind (so that no .eh_frame is emitted).
    pub(crate) fn bpf_function(
        &self,
        name: &str,
        params: usize,
        linkage: Linkage,
        section: &str,
    ) -> FunctionValue<'ctx> {
        let fn_type = self.i64.fn_type(&vec![self.ptr.into(); params], false);
        let function = self.module.add_function(name, fn_type, Some(linkage));
        function.set_section(Some(section));
        let nounwind = Attribute::get_named_enum_kind_id("nounwind");
        function.add_attribute(
            AttributeLoc::Function,
            self.ctx.create_enum_attribute(nounwind, 0),
        );
        function
    }

    /// After a `return` or `exit()`, code that follows is unreachable; LLVM
    /// still needs a block to put it in.
    pub fn continue_in_dead_block(&self, f: &Func<'ctx, 'a>) -> BasicBlock<'ctx> {
        let dead = self.ctx.append_basic_block(f.function, "after_return");
        self.builder.position_at_end(dead);
        dead
    }

    pub fn truthy(&self, v: IntValue<'ctx>) -> CgResult<IntValue<'ctx>> {
        Ok(self.builder.build_int_compare(
            inkwell::IntPredicate::NE,
            v,
            self.i64.const_zero(),
            "truthy",
        )?)
    }

    /// The program's shared slot `name` (see `Func::shared_slots`).
    pub fn shared_slot(
        &self,
        f: &Func<'ctx, 'a>,
        name: &'static str,
        ty: inkwell::types::BasicTypeEnum<'ctx>,
    ) -> CgResult<PointerValue<'ctx>> {
        if let Some(slot) = f.shared_slots.borrow().get(name) {
            return Ok(*slot);
        }
        let slot = f.allocas.build_alloca(ty, name)?;
        f.shared_slots.borrow_mut().insert(name, slot);
        Ok(slot)
    }

    /// A u32 key holding 0, for one-slot arrays.
    pub fn zero_key(&self, f: &Func<'ctx, 'a>) -> CgResult<PointerValue<'ctx>> {
        let fresh = !f.shared_slots.borrow().contains_key("zero_key");
        let key = self.shared_slot(f, "zero_key", self.i32.into())?;
        if fresh {
            f.allocas.build_store(key, self.i32.const_zero())?;
        }
        Ok(key)
    }

    /// The program's string area, looked up now if nothing used it yet.
    pub fn string_area_base(&self, f: &Func<'ctx, 'a>) -> CgResult<PointerValue<'ctx>> {
        if let Some(base) = f.string_area.borrow().base {
            return Ok(base);
        }
        self.scratch_bytes(f, 0, "string_area")?;
        f.string_area
            .borrow()
            .base
            .ok_or_else(|| CodegenError("string area was not looked up".into()))
    }

    /// A string buffer (zeroed by whoever fills it).
    pub fn alloca_string(&self, f: &Func<'ctx, 'a>, name: &str) -> CgResult<PointerValue<'ctx>> {
        self.scratch_bytes(f, self.analysis.string_size, name)
    }

    /// `size` bytes, 8-aligned, of this program's area in the per-CPU strings
    /// map. Each call gets its own bytes; the area is looked up in the entry block.
    pub fn scratch_bytes(
        &self,
        f: &Func<'ctx, 'a>,
        size: u32,
        name: &str,
    ) -> CgResult<PointerValue<'ctx>> {
        let mut area = f.string_area.borrow_mut();
        let base = match area.base {
            Some(b) => b,
            None => {
                let key = self.zero_key(f)?;
                let here = self.builder.get_insert_block();
                self.builder.position_at_end(f.entry);
                let base = self.call_ptr(
                    helpers::Helper::MapLookupElem,
                    &[
                        helpers::Arg::Ptr(self.strings.as_pointer_value()),
                        helpers::Arg::Ptr(key),
                    ],
                );
                if let Some(bb) = here {
                    self.builder.position_at_end(bb);
                }
                let base = base?;
                area.base = Some(base);
                base
            }
        };
        let offset = area.used;
        area.used += size.next_multiple_of(8);
        if area.used > MAX_STRING_AREA {
            return Err(CodegenError::limit(format!(
                "one probe needs more than {MAX_STRING_AREA} bytes for its strings, tuples and keys"
            )));
        }
        drop(area);
        let slot = self.byte_offset(base, offset)?;
        if offset > 0 {
            slot.set_name(name);
        } else {
            base.set_name("string_area");
        }
        Ok(slot)
    }
}

/// A per-CPU array value may be up to 32 KiB.
const MAX_STRING_AREA: u32 = 32 * 1024;
