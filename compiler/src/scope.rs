//! Block scoping of `$variables`, as current bpftrace has it: a variable
//! belongs to the block where it is first assigned or declared with `let`
//! (a probe body, an if/else branch, a loop body, a bare `{ }`), is visible in
//! the blocks nested in it, and ends with its block. An assignment to a name
//! already visible assigns that variable; `let` of a visible name is an error
//! (no shadowing).
//!
//! Two variables of one name in blocks that do not nest are different
//! variables (they may even differ in type), so each declaration gets a slot
//! of its own: the first `$x` of a probe is slot `$x`, later ones `$x#1`,
//! `$x#2`, ... Sema records which slot every use names; codegen allocates
//! storage per slot.

use std::collections::HashMap;

/// A declared variable as its block knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedVar {
    pub name: String,
    pub slot: String,
    /// Declared with `let` (reads before any assignment give 0).
    pub from_let: bool,
}

#[derive(Debug, Clone)]
pub struct Scopes {
    /// The open blocks, outermost (the probe body) first.
    blocks: Vec<Vec<ScopedVar>>,
    /// Declarations so far in this probe, by name (visible or not).
    declared: HashMap<String, usize>,
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes {
            blocks: vec![Vec::new()],
            declared: HashMap::new(),
        }
    }
}

impl Scopes {
    /// Starts a probe: one open block, nothing declared.
    pub fn reset(&mut self) {
        *self = Scopes::default();
    }

    pub fn push(&mut self) {
        self.blocks.push(Vec::new());
    }

    /// Ends the innermost block and its variables (never the probe's own).
    pub fn pop(&mut self) {
        if self.blocks.len() > 1 {
            self.blocks.pop();
        }
    }

    /// The visible variable `name`, innermost first.
    pub fn lookup(&self, name: &str) -> Option<&ScopedVar> {
        self.blocks
            .iter()
            .rev()
            .flat_map(|b| b.iter())
            .find(|v| v.name == name)
    }

    /// Declares `name` in the innermost block and returns its slot.
    pub fn declare(&mut self, name: &str, from_let: bool) -> String {
        let count = self.declared.entry(name.to_string()).or_insert(0);
        let slot = if *count == 0 {
            name.to_string()
        } else {
            format!("{name}#{count}")
        };
        *count += 1;
        if let Some(block) = self.blocks.last_mut() {
            block.push(ScopedVar {
                name: name.to_string(),
                slot: slot.clone(),
                from_let,
            });
        }
        slot
    }

    /// `name` was declared earlier in this probe, visible here or not.
    pub fn was_declared(&self, name: &str) -> bool {
        self.declared.contains_key(name)
    }

    /// The names visible here (for "did you mean" hints).
    pub fn visible(&self) -> Vec<String> {
        self.blocks
            .iter()
            .flat_map(|b| b.iter().map(|v| v.name.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_blocks_see_outer_variables_and_end_their_own() {
        let mut s = Scopes::default();
        assert_eq!(s.declare("$a", false), "$a");
        s.push();
        assert_eq!(s.lookup("$a").map(|v| v.slot.as_str()), Some("$a"));
        assert_eq!(s.declare("$b", true), "$b");
        assert!(s.lookup("$b").is_some_and(|v| v.from_let));
        s.pop();
        assert!(s.lookup("$b").is_none());
        assert!(s.was_declared("$b"));
        assert!(!s.was_declared("$c"));
        assert_eq!(s.visible(), ["$a"]);
    }

    #[test]
    fn sibling_blocks_get_their_own_slots() {
        let mut s = Scopes::default();
        for want in ["$i", "$i#1", "$i#2"] {
            s.push();
            assert_eq!(s.declare("$i", false), want);
            s.pop();
        }
        s.reset();
        assert_eq!(s.declare("$i", false), "$i", "slots restart per probe");
    }

    #[test]
    fn the_probe_block_is_never_popped() {
        let mut s = Scopes::default();
        s.pop();
        s.declare("$x", false);
        assert!(s.lookup("$x").is_some());
    }
}
