import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** What failed, for the sentence: "The Members tab", "Unity Table". */
  what: string;
  /** What the boundary keeps alive around it. */
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Keeps the rest of the app alive when one part throws while rendering (bad data from a hostile
 * member must not blank every screen): says what failed in a sentence and offers to try again.
 * React only catches render errors in a class component (https://react.dev/reference/react/Component#catching-rendering-errors-with-an-error-boundary).
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`${this.props.what} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const reason = error.message.trim().replace(/[.\s]+$/, '') || 'an unknown error';
    return (
      <section role="alert" aria-label={`${this.props.what} failed`} className="error-boundary">
        <p>
          {this.props.what} failed: {reason}. Nothing was lost; the rest of the app still works.
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </section>
    );
  }
}
