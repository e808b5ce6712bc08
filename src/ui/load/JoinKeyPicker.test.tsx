// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JoinSummary as Join, TableSummary } from '../../worker/api';
import { JoinKeyPicker } from './JoinKeyPicker';
import { JoinSummary } from './JoinSummary';

afterEach(cleanup);

const columns = {
  genotypeIds: ['IID'],
  genotypeFamily: 'FID',
  clinical: ['family', 'IID', 'outcome'],
};

describe('choosing the join key', () => {
  it('offers the clinical columns for the sample and family ID, labelled, and sends the pair chosen', () => {
    const onJoin = vi.fn();
    render(<JoinKeyPicker columns={columns} current={null} onJoin={onJoin} busy={false} />);
    const sample = screen.getByLabelText('Clinical column with the sample ID (matched to IID)');
    const family = screen.getByLabelText('Clinical column with the family ID (matched to FID)');
    // First guesses by name.
    expect((sample as HTMLSelectElement).value).toBe('IID');
    expect((family as HTMLSelectElement).value).toBe('family');
    fireEvent.click(screen.getByRole('button', { name: 'Join on this key' }));
    expect(onJoin).toHaveBeenLastCalledWith({ clinicalColumns: ['family', 'IID'] });
    fireEvent.change(family, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join on this key' }));
    expect(onJoin).toHaveBeenLastCalledWith({ clinicalColumns: ['IID'] });
    // One column cannot be both.
    fireEvent.change(family, { target: { value: 'IID' } });
    expect(
      (screen.getByRole('button', { name: 'Join on this key' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect(
      screen.getByText('The family and sample ID must be two different columns.'),
    ).toBeTruthy();
  });

  it('asks for no family column when the genotype samples carry none (a VCF)', () => {
    render(
      <JoinKeyPicker
        columns={{ genotypeIds: ['sample'], genotypeFamily: null, clinical: ['id', 'y'] }}
        current={null}
        onJoin={() => undefined}
        busy={false}
      />,
    );
    expect(screen.queryByLabelText(/family ID/)).toBeNull();
    expect(
      screen.getByLabelText('Clinical column with the sample ID (matched to sample)'),
    ).toBeTruthy();
  });

  it('the load summary names a family key and counts repeated IDs apart from unmatched ones', () => {
    const join: Join = {
      key: {
        genotypeColumn: 'IID',
        clinicalColumn: 'IID',
        family: { genotypeColumn: 'FID', clinicalColumn: 'family' },
        overlap: 20,
        chosen: true,
      },
      samplesJoined: 20,
      onlyInGenotypes: { count: 1, examples: ['F3/1'] },
      onlyInClinical: { count: 0, examples: [] },
      duplicateGenotypes: { count: 0, rows: 0, examples: [] },
      duplicateClinical: { count: 1, rows: 2, examples: ['F1/1'] },
      blankClinical: 0,
      columns,
    };
    const table = { fileName: 'x', files: ['a.bed', 'c.csv'], join } as unknown as TableSummary;
    const onJoinKey = vi.fn();
    render(<JoinSummary table={table} onJoinKey={onJoinKey} />);
    const group = screen.getByRole('group', { name: 'Files and sample join' });
    expect(group.textContent).toContain(
      'Joined by family and sample ID: FID + IID in the genotypes = family + IID in the clinical table (the key you chose); 20 patients joined.',
    );
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      '1 patient only in the genotype file (left out of training), e.g. “F3/1”.',
      'Every patient of the clinical table was matched.',
      '1 ID repeated in the clinical table (2 rows; left out, as which one is right cannot be told), e.g. “F1/1”.',
    ]);
    fireEvent.click(screen.getByText('Join on another key'));
    fireEvent.click(screen.getByRole('button', { name: 'Join on this key' }));
    expect(onJoinKey).toHaveBeenCalledWith({ clinicalColumns: ['family', 'IID'] });
  });
});
