//! What the operations report while they run: a progress bar on stderr when
//! stderr is a terminal (nothing otherwise), and events on stderr.

use std::cell::{Cell, RefCell};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scelle_core::{render, text, Callbacks, Event};
use scelle_l10n::Lang;

use crate::output;

/// The terminal side of [`Callbacks`].
pub struct Terminal {
    bar: RefCell<Option<ProgressBar>>,
    items: Cell<u64>,
    /// Set by the SIGINT/SIGTERM handler of a job that can stop cleanly.
    stop: Option<Arc<AtomicBool>>,
    /// The language events are said in.
    lang: Lang,
}

impl Terminal {
    /// A terminal that says events in `lang`; Ctrl-C kills the job.
    pub fn new(lang: Lang) -> Self {
        Self {
            bar: RefCell::new(None),
            items: Cell::new(0),
            stop: None,
            lang,
        }
    }

    /// A terminal whose job stops cleanly on Ctrl-C or SIGTERM: the first
    /// signal no longer kills the process, it sets the flag the job asks
    /// about; a second one ends it at once (a read stuck on a dead network
    /// mount cannot hold the responder hostage).
    pub fn stoppable(lang: Lang) -> std::io::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))?;
            signal_hook::flag::register(signal, Arc::clone(&stop))?;
        }
        Ok(Self {
            stop: Some(stop),
            ..Self::new(lang)
        })
    }

    /// Whether a signal asked the job to stop.
    pub fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|stop| stop.load(Ordering::SeqCst))
    }
}

impl Terminal {
    /// Clears the bar of a job that stopped on an error or a signal, so
    /// that what follows is not printed after a half-drawn bar.
    pub fn clear(&self) {
        self.finished();
    }
}

impl Callbacks for Terminal {
    fn wants_total(&self) -> bool {
        std::io::stderr().is_terminal()
    }

    fn started(&self, total_bytes: Option<u64>) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(total_bytes, ProgressDrawTarget::stderr());
        let template = if total_bytes.is_some() {
            "{bytes:>10}/{total_bytes} {bytes_per_sec:>11} ETA {eta:>4} [{bar:30}] {msg}"
        } else {
            "{bytes:>10} {bytes_per_sec:>11} {msg}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("valid template")
                .progress_chars("=> "),
        );
        *self.bar.borrow_mut() = Some(bar);
    }

    fn item(&self, path: &Path) {
        self.items.set(self.items.get() + 1);
        if let Some(bar) = self.bar.borrow().as_ref() {
            let shown = text::for_terminal(&path.to_string_lossy());
            let skip = shown.chars().count().saturating_sub(50);
            let tail: String = shown.chars().skip(skip).collect();
            bar.set_message(format!("{} items  {tail}", self.items.get()));
        }
    }

    fn bytes(&self, count: u64) {
        if let Some(bar) = self.bar.borrow().as_ref() {
            bar.inc(count);
        }
    }

    fn cancelled(&self) -> bool {
        self.stopped()
    }

    fn finished(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }

    fn event(&self, event: &Event) {
        output::error_line(&render::event(event, self.lang));
    }
}
