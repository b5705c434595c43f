// The types every handler group shares: one function per contract operation, what it receives
// besides its request, and what the fronts may plug in (the desktop's native integration).
import type { OperationName, OperationResponse, ValidatedRequest } from '../contract/operations';
import type { ProgressEvent } from '../shared/messages';

/** What a handler gets besides its request: cancellation and a way to report progress. */
export interface HandlerContext {
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
}

export type Handlers = {
  readonly [O in OperationName]: (
    request: ValidatedRequest<O>,
    context: HandlerContext,
  ) => Promise<OperationResponse<O>>;
};

/** The handlers of some operations: each group file builds one of these. */
export type HandlerGroup<K extends OperationName> = Pick<Handlers, K>;

export type DialogPurpose = ValidatedRequest<'nativeDialog'>['purpose'];

/** What only the desktop shell can do; absent in the web mode. */
export interface DesktopIntegration {
  /** Shows the native open/save dialog for this purpose; null when the user cancelled. */
  showDialog(purpose: DialogPurpose, defaultPath: string | undefined): Promise<string | null>;
  /** A bundle the OS asked the app to open (double-click, `open-file`, argv), taken once. */
  takeLaunchFile(): Promise<string | null>;
  /** Tells the OS about an opened bundle (recent documents). */
  bundleOpened(file: string): void;
}

/** What a front plugs into the handlers besides the engine: the desktop's native integration, the web mode's folder browser root. */
export interface FrontIntegration {
  desktop?: DesktopIntegration;
  /** Root of the web mode's folder browser; default the user's home. */
  browseRoot?: string;
}
