//! The BPF target: the target machine, LLVM's optimisation pipeline, object and
//! assembly emission, and catching LLVM's own diagnostics so that a backend
//! error becomes a Sonde error instead of LLVM calling `exit(1)`.

use crate::diag::Diagnostic;
use crate::script::{Attach, ProgramSpec};
use inkwell::OptimizationLevel;
use inkwell::context::Context;
use inkwell::llvm_sys::LLVMDiagnosticSeverity;
use inkwell::llvm_sys::core::{
    LLVMContextSetDiagnosticHandler, LLVMDisposeMessage, LLVMGetDiagInfoDescription,
    LLVMGetDiagInfoSeverity,
};
use inkwell::llvm_sys::prelude::LLVMDiagnosticInfoRef;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{
    CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple,
};
use std::ffi::{CStr, c_void};
use std::sync::Once;

pub struct BpfTarget {
    machine: TargetMachine,
}

impl BpfTarget {
    pub fn new() -> Result<Self, String> {
        static INIT: Once = Once::new();
        INIT.call_once(|| Target::initialize_bpf(&InitializationConfig::default()));
        let triple = TargetTriple::create("bpfel");
        let target =
            Target::from_triple(&triple).map_err(|e| format!("LLVM has no BPF target: {e}"))?;
        let machine = target
            .create_target_machine(
                &triple,
                "v3",
                "",
                OptimizationLevel::Default,
                RelocMode::Default,
                CodeModel::Default,
            )
            .ok_or("LLVM could not create a BPF target machine")?;
        Ok(BpfTarget { machine })
    }

    pub fn prepare(&self, module: &Module) {
        module.set_triple(&self.machine.get_triple());
        module.set_data_layout(&self.machine.get_target_data().get_data_layout());
    }

    pub fn optimise(&self, module: &Module) -> Result<(), String> {
        module
            .run_passes("default<O2>", &self.machine, PassBuilderOptions::create())
            .map_err(|e| e.to_string())
    }

    pub fn emit(&self, module: &Module, kind: FileType) -> Result<Vec<u8>, String> {
        self.machine
            .write_to_memory_buffer(module, kind)
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| e.to_string())
    }
}

/// Collects LLVM's error and warning messages for one context.
#[allow(
    clippy::box_collection,
    reason = "LLVM keeps a pointer to the Vec itself, which must not move"
)]
pub struct LlvmDiagnostics {
    messages: Box<Vec<String>>,
}

impl LlvmDiagnostics {
    /// Installs the handler; `self` must outlive every use of `context`.
    pub fn install(context: &Context) -> Self {
        let mut messages: Box<Vec<String>> = Box::default();
        let sink: *mut Vec<String> = &mut *messages;
        // SAFETY: the box keeps the Vec at a fixed address for as long as this
        // value lives, and the caller keeps it alive while the context is used.
        unsafe {
            LLVMContextSetDiagnosticHandler(
                context.raw(),
                Some(on_diagnostic),
                sink.cast::<c_void>(),
            );
        }
        LlvmDiagnostics { messages }
    }

    /// Error messages so far, deduplicated, in order.
    pub fn take(&mut self) -> Vec<String> {
        let mut seen = Vec::new();
        for m in self.messages.drain(..) {
            if !seen.contains(&m) {
                seen.push(m);
            }
        }
        seen
    }
}

extern "C" fn on_diagnostic(info: LLVMDiagnosticInfoRef, sink: *mut c_void) {
    // SAFETY: LLVM passes a valid diagnostic; `sink` is the Vec installed above.
    unsafe {
        let severity = LLVMGetDiagInfoSeverity(info);
        if !matches!(severity, LLVMDiagnosticSeverity::LLVMDSError) {
            return;
        }
        let raw = LLVMGetDiagInfoDescription(info);
        if raw.is_null() {
            return;
        }
        let text = CStr::from_ptr(raw).to_string_lossy().into_owned();
        LLVMDisposeMessage(raw);
        if let Some(list) = sink.cast::<Vec<String>>().as_mut() {
            list.push(text);
        }
    }
}

/// LLVM backend errors as diagnostics. With debug info, LLVM prefixes each
/// with the script position (`NAME:LINE:COL: in function F ...`): the first
/// becomes the caret, the function becomes its probe, and repeats collapse.
pub(super) fn backend_diagnostics(
    messages: &[String],
    programs: &[ProgramSpec],
    source: &crate::diag::Source,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for message in messages {
        let (position, rest) = split_position(message, &source.name);
        let mut text = rest
            .trim_start_matches("<unknown>:0:0: ")
            .trim()
            .to_string();
        for spec in programs {
            let probe = spec.attach.first().map(Attach::name).unwrap_or_default();
            text = text.replace(
                &format!("in function {} i64 (ptr): ", spec.function),
                &format!("in probe {probe}: "),
            );
        }
        let message = format!("the BPF backend rejected the program {text}");
        if out.iter().any(|d| d.message == message) {
            continue;
        }
        let hint = if text.contains("stack limit") {
            "the probe keeps too many values at once: store some in maps (@name = ...) or split it into several probes"
        } else {
            "simplify or split this probe"
        };
        let d = match position.and_then(|(line, col)| offset_of(&source.text, line, col)) {
            Some(at) => {
                let end = source.text[at..]
                    .find([';', '\n'])
                    .map_or(source.text.len(), |e| at + e);
                Diagnostic::error(message, at..end.max(at + 1).min(source.text.len()))
                    .with_label("from here")
            }
            None => Diagnostic::global(message),
        };
        out.push(d.with_hint(hint));
    }
    out
}

/// `NAME:LINE:COL: rest` → ((line, col), rest) when NAME is the script's name.
fn split_position<'m>(message: &'m str, name: &str) -> (Option<(usize, usize)>, &'m str) {
    let Some(after) = message.strip_prefix(name).and_then(|r| r.strip_prefix(':')) else {
        return (None, message);
    };
    let mut parts = after.splitn(3, ':');
    match (
        parts.next().map(str::parse),
        parts.next().map(str::parse),
        parts.next(),
    ) {
        (Some(Ok(line)), Some(Ok(col)), Some(rest)) => (Some((line, col)), rest.trim_start()),
        _ => (None, message),
    }
}

/// The byte offset of 1-based (line, col), if it is inside `text`.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let at = start + col.checked_sub(1)?;
    (at < text.len()).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backend error (here: a frame over the 512-byte BPF stack) must come
    /// back as a message, not end the process through LLVM's exit(1).
    #[test]
    fn backend_errors_are_caught() {
        let context = Context::create();
        let mut diags = LlvmDiagnostics::install(&context);
        let target = BpfTarget::new().expect("BPF target");
        let module = context.create_module("t");
        target.prepare(&module);
        let i64t = context.i64_type();
        let ptr = context.ptr_type(inkwell::AddressSpace::default());
        let f = module.add_function("f", i64t.fn_type(&[], false), None);
        let builder = context.create_builder();
        builder.position_at_end(context.append_basic_block(f, "entry"));
        let big = builder
            .build_alloca(context.i8_type().array_type(1024), "big")
            .expect("alloca");
        // Pass the buffer to a helper so that it cannot be optimised away.
        let helper = builder
            .build_int_to_ptr(i64t.const_int(16, false), ptr, "helper")
            .expect("inttoptr");
        let call = builder
            .build_indirect_call(
                i64t.fn_type(&[ptr.into()], false),
                helper,
                &[big.into()],
                "c",
            )
            .expect("call");
        let ret = call.try_as_basic_value().basic().expect("value");
        builder.build_return(Some(&ret)).expect("ret");
        let _ = target.emit(&module, FileType::Object);
        let messages = diags.take();
        assert!(
            messages.iter().any(|m| m.contains("stack limit")),
            "{messages:?}"
        );
    }
}
