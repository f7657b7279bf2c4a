/**
 * A message fragment: one arena block carrying one signal (a message, an exit, a link,
 * a monitor...) from a sender to a receiver, with the terms it carries copied into it.
 * The sender builds it privately, then pushes it onto the receiver's PCB_INBOX with a
 * CAS; from then on only the receiver touches it.
 *
 * Layout (word offsets from the fragment's first payload word):
 *
 *   FRAGMENT_NEXT      next fragment in whichever list holds this one (0 = end)
 *   FRAGMENT_KIND      SIGNAL_* below
 *   FRAGMENT_WORDS     total payload words of the fragment (for the GC's range checks)
 *   FRAGMENT_TERM      the message, or the signal's reason; points into the data below
 *                      or is an immediate
 *   FRAGMENT_FROM      pid word of the sender
 *   FRAGMENT_REF       for monitor signals: a boxed ref term in the data below
 *   FRAGMENT_DATA ...  heap words of the copied terms, then the spare words the receiver
 *                      uses to turn a signal into a message in place ({'EXIT', From,
 *                      Reason} or {'DOWN', Ref, process, From, Reason})
 */

export const FRAGMENT_NEXT = 0;
export const FRAGMENT_KIND = 1;
export const FRAGMENT_WORDS = 2;
export const FRAGMENT_TERM = 3;
export const FRAGMENT_FROM = 4;
export const FRAGMENT_REF = 5;
export const FRAGMENT_DATA = 6;

/** Spare words reserved at the end of a signal fragment: the largest message a signal becomes. */
export const SIGNAL_SPARE_WORDS = 6; // {'DOWN', Ref, process, Pid, Reason}: header + 5

export const SIGNAL_MESSAGE = 0;
/** An exit signal (from a link or exit/2). FRAGMENT_TERM is the reason. */
export const SIGNAL_EXIT = 1;
/** exit/2 sent explicitly (kill is untrappable only when it comes this way). */
export const SIGNAL_EXIT_EXPLICIT = 2;
export const SIGNAL_LINK = 3;
export const SIGNAL_UNLINK = 4;
/** The receiver is now monitored by FRAGMENT_FROM under FRAGMENT_REF. */
export const SIGNAL_MONITOR = 5;
export const SIGNAL_DEMONITOR = 6;
/** The monitored process went down: FRAGMENT_TERM is the reason, FRAGMENT_REF the ref. */
export const SIGNAL_DOWN = 7;
/** Receive timer fired / wake-up with no payload (sent by timers and the system). */
export const SIGNAL_WAKE = 8;
