// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SearchableSelect } from './SearchableSelect';

afterEach(cleanup);

const many = Array.from({ length: 5000 }, (_, i) => ({ value: `rs${i}_A`, label: `rs${i}_A` }));

describe('SearchableSelect', () => {
  it('stays a plain select for a short list', () => {
    render(
      <SearchableSelect
        label="Outcome column"
        value="b"
        onChange={() => {}}
        options={[
          { value: 'a', label: 'a' },
          { value: 'b', label: 'b' },
        ]}
      />,
    );
    const select = screen.getByLabelText('Outcome column');
    expect(select.tagName).toBe('SELECT');
    expect((select as HTMLSelectElement).value).toBe('b');
  });

  it('is a labelled combobox for a long list: typing filters, arrows move, Enter chooses', () => {
    const onChange = vi.fn();
    render(
      <SearchableSelect label="Field to change" value="rs7_A" onChange={onChange} options={many} />,
    );
    const box = screen.getByRole('combobox', { name: 'Field to change' });
    expect(box).toHaveProperty('value', 'rs7_A');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    fireEvent.change(box, { target: { value: 'rs499' } });
    expect(box.getAttribute('aria-expanded')).toBe('true');
    // rs499_A and rs4990_A … rs4999_A: 11 of 5,000.
    expect(screen.getByText('11 of 5,000 options')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onChange).toHaveBeenCalledWith('rs4990_A');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    // Escape leaves the choice as it was and shows it again.
    fireEvent.change(box, { target: { value: 'zzz' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(box).toHaveProperty('value', 'rs7_A');
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
