// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { TextField } from './TextField';

afterEach(cleanup);

/** A field inside a parent that hears the keys the field lets through (as the card panel hears Escape). */
function field(props: { value?: string; multiline?: boolean; accept?: boolean } = {}) {
  const onCommit = vi.fn((_: string) => props.accept ?? true);
  const parentKey = vi.fn();
  const ui = (value: string) => (
    <div onKeyDown={(e) => parentKey(e.key)}>
      <TextField label="Name" value={value} onCommit={onCommit} multiline={props.multiline} />
    </div>
  );
  const view = render(ui(props.value ?? 'Copper Line'));
  const input = screen.getByLabelText<HTMLInputElement | HTMLTextAreaElement>('Name');
  return { input, onCommit, parentKey, rerender: (value: string) => view.rerender(ui(value)) };
}

describe('TextField (one edit per field, committed when I am done with it)', () => {
  it('commits what I typed once, when I leave the field — not per keystroke', () => {
    const { input, onCommit } = field();
    fireEvent.change(input, { target: { value: 'Copper' } });
    fireEvent.change(input, { target: { value: 'Copper Road' } });
    expect(onCommit).not.toHaveBeenCalled();
    fireEvent.blur(input);
    expect(onCommit.mock.calls).toEqual([['Copper Road']]);
  });

  it('commits on Enter in a one-line field; in a multi-line field Enter is a new line', () => {
    const one = field();
    fireEvent.change(one.input, { target: { value: 'Night Ferry' } });
    fireEvent.keyDown(one.input, { key: 'Enter' });
    expect(one.onCommit.mock.calls).toEqual([['Night Ferry']]);
    cleanup();
    const many = field({ multiline: true });
    fireEvent.change(many.input, { target: { value: 'Line one' } });
    fireEvent.keyDown(many.input, { key: 'Enter' });
    expect(many.onCommit).not.toHaveBeenCalled();
    fireEvent.blur(many.input);
    expect(many.onCommit.mock.calls).toEqual([['Line one']]);
  });

  it('gives the current value back on Escape, commits nothing, and keeps that Escape from the panel', () => {
    const { input, onCommit, parentKey } = field();
    fireEvent.change(input, { target: { value: 'Typo' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('Copper Line');
    expect(parentKey).not.toHaveBeenCalled();
    fireEvent.blur(input);
    expect(onCommit).not.toHaveBeenCalled();
    // With nothing typed, Escape is the panel's (it closes).
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(parentKey.mock.calls).toEqual([['Escape']]);
  });

  it('commits nothing when the text is what the field already holds', () => {
    const { input, onCommit } = field();
    fireEvent.blur(input);
    fireEvent.change(input, { target: { value: 'Copper' } });
    fireEvent.change(input, { target: { value: 'Copper Line' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onCommit).not.toHaveBeenCalled();
  });

  it('shows a colleague’s change while I am not typing, and keeps my draft while I am', () => {
    const { input, rerender } = field();
    rerender('Copper Line Cartel');
    expect(input.value).toBe('Copper Line Cartel');
    fireEvent.change(input, { target: { value: 'Mine' } });
    rerender('Theirs');
    expect(input.value).toBe('Mine');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.value).toBe('Theirs');
  });

  it('keeps my draft when the edit is refused, so I can correct it', () => {
    const { input, onCommit } = field({ accept: false });
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.blur(input);
    expect(onCommit.mock.calls).toEqual([['']]);
    expect(input.value).toBe('');
  });

  it('is named by its label alone; its hint describes it', () => {
    render(<TextField label="Aliases" hint="Separated by commas" value="" onCommit={() => true} />);
    const input = screen.getByRole('textbox', { name: 'Aliases' });
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Separated by commas');
  });
});
