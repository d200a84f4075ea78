//! Debug info for the BPF object. The BPF backend turns it into BTF and
//! BTF.ext: func_info, which the kernel requires before a program may pass a
//! callback (for loops), and line_info, which ties each instruction to a line
//! of the script.

use super::Gen;
use crate::ast::Span;
use inkwell::AddressSpace;
use inkwell::debug_info::{
    AsDIScope, DICompileUnit, DIFlags, DIFlagsConstants, DIScope, DISubroutineType, DIType,
    DWARFEmissionKind, DWARFSourceLanguage, DebugInfoBuilder,
};
use inkwell::module::{FlagBehavior, Module};
use inkwell::values::FunctionValue;

pub(crate) struct DebugInfo<'ctx> {
    builder: DebugInfoBuilder<'ctx>,
    unit: DICompileUnit<'ctx>,
    /// `long long f(void *, ...)`: every program and callback takes pointers.
    program_type: DISubroutineType<'ctx>,
    long: DIType<'ctx>,
    pointer: DIType<'ctx>,
    /// Byte offset where each line of the script starts.
    line_starts: Vec<usize>,
}

impl<'ctx> DebugInfo<'ctx> {
    pub fn new(module: &Module<'ctx>, source_name: &str, source: &str) -> Option<DebugInfo<'ctx>> {
        let i32t = module.get_context().i32_type();
        module.add_basic_value_flag(
            "Debug Info Version",
            FlagBehavior::Warning,
            i32t.const_int(3, false),
        );
        let (builder, unit) = module.create_debug_info_builder(
            true,
            DWARFSourceLanguage::C,
            source_name,
            ".",
            "sonde",
            true,
            "",
            0,
            "",
            DWARFEmissionKind::Full,
            0,
            false,
            false,
            "",
            "",
        );
        // DW_ATE_signed = 5
        let long = builder
            .create_basic_type("long long", 64, 5, DIFlags::ZERO)
            .ok()?;
        let pointer =
            builder.create_pointer_type("void *", long.as_type(), 64, 64, AddressSpace::default());
        let file = unit.get_file();
        let program_type = builder.create_subroutine_type(
            file,
            Some(long.as_type()),
            &[pointer.as_type()],
            DIFlags::ZERO,
        );
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Some(DebugInfo {
            builder,
            unit,
            program_type,
            long: long.as_type(),
            pointer: pointer.as_type(),
            line_starts,
        })
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self
            .line_starts
            .partition_point(|start| *start <= offset)
            .max(1);
        let col = offset - self.line_starts[line - 1] + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }

    /// Describes `function`; returns the scope its instructions' locations use.
    pub fn describe(
        &self,
        function: FunctionValue<'ctx>,
        callback: bool,
        span: &Span,
    ) -> DIScope<'ctx> {
        let (line, _) = self.line_col(span.start);
        let name = function.get_name().to_string_lossy().into_owned();
        // A callback takes as many pointers as its helper passes it
        // (bpf_for_each_map_elem four, bpf_loop two).
        let ty = if callback {
            let params = vec![self.pointer; function.count_params() as usize];
            self.builder.create_subroutine_type(
                self.unit.get_file(),
                Some(self.long),
                &params,
                DIFlags::ZERO,
            )
        } else {
            self.program_type
        };
        let subprogram = self.builder.create_function(
            self.unit.as_debug_info_scope(),
            &name,
            None,
            self.unit.get_file(),
            line,
            ty,
            callback,
            true,
            line,
            DIFlags::PROTOTYPED,
            true,
        );
        function.set_subprogram(subprogram);
        subprogram.as_debug_info_scope()
    }

    pub fn finalize(&self) {
        self.builder.finalize();
    }
}

impl<'ctx> Gen<'ctx, '_> {
    /// Tags the instructions built from here on with the script position `span`.
    pub fn locate(&self, scope: Option<DIScope<'ctx>>, span: &Span) {
        if let (Some(debug), Some(scope)) = (&self.debug, scope) {
            let (line, col) = debug.line_col(span.start);
            let location = debug
                .builder
                .create_debug_location(self.ctx, line, col, scope, None);
            self.builder.set_current_debug_location(location);
        }
    }
}
