/**
 * A select over a list that may hold thousands of options (the columns of a genotyped cohort, the samples of a
 * VCF): up to `searchOver` options it is a plain <select>; above, a combobox whose text filters the list
 * (ARIA 1.2 combobox with a listbox popup: arrows move, Enter chooses, Escape closes). Only the options in view
 * are in the DOM, so 28,000 columns open as fast as 30.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { filterOptions, type SelectOption } from './selectOptions';
import './searchableSelect.css';

/** Lists longer than this become a searchable combobox. */
export const SEARCH_OVER = 100;
const OPTION_PX = 30;
const LIST_PX = 300;

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  help?: ReactNode;
  /** Shown (select) or as the placeholder (combobox) while nothing is chosen. */
  placeholder?: string;
  className?: string;
  disabled?: boolean;
  /** Lists longer than this are searched (default SEARCH_OVER). */
  searchOver?: number;
}

/** A labelled select, searchable when its list is long. */
export function SearchableSelect(props: Props) {
  const { label, value, onChange, options, help, placeholder, className, disabled } = props;
  const inputId = useId();
  const helpId = useId();
  const searchable = options.length > (props.searchOver ?? SEARCH_OVER);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {searchable ? (
        <Combobox
          inputId={inputId}
          describedBy={help ? helpId : undefined}
          value={value}
          onChange={onChange}
          options={options}
          placeholder={placeholder}
          disabled={disabled}
        />
      ) : (
        <select
          id={inputId}
          value={value}
          disabled={disabled}
          aria-describedby={help ? helpId : undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          {value === '' && placeholder && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
      {help && (
        <p className="help" id={helpId}>
          {help}
        </p>
      )}
    </div>
  );
}

interface ComboboxProps {
  inputId: string;
  describedBy: string | undefined;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  placeholder?: string;
  disabled?: boolean;
}

function Combobox({
  inputId,
  describedBy,
  value,
  onChange,
  options,
  placeholder,
  disabled,
}: ComboboxProps) {
  const listId = useId();
  const countId = useId();
  const [open, setOpen] = useState(false);
  // null: not typing, the input shows the chosen option.
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const chosen = options.find((o) => o.value === value);
  const shown = useMemo(() => filterOptions(options, query ?? ''), [options, query]);
  // The virtualiser's functions change as it scrolls; nothing here is memoised on them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: open ? shown.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => OPTION_PX,
    overscan: 8,
  });
  const optionId = (i: number) => `${listId}-${i}`;

  const openAt = (i: number) => {
    setOpen(true);
    setActive(i);
    requestAnimationFrame(() => virtualizer.scrollToIndex(i, { align: 'auto' }));
  };
  const choose = (o: SelectOption | undefined) => {
    if (o) onChange(o.value);
    setQuery(null);
    setOpen(false);
  };
  const move = (i: number) => {
    if (shown.length === 0) return;
    const next = Math.max(0, Math.min(shown.length - 1, i));
    openAt(next);
  };

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const current = open ? active : Math.max(0, shown.indexOf(chosen as SelectOption));
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) openAt(current);
        else move(active + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!open) openAt(current);
        else move(active - 1);
        break;
      case 'PageDown':
        if (open) {
          e.preventDefault();
          move(active + 10);
        }
        break;
      case 'PageUp':
        if (open) {
          e.preventDefault();
          move(active - 10);
        }
        break;
      case 'Enter':
        if (open) {
          e.preventDefault();
          choose(shown[active]);
        }
        break;
      case 'Escape':
        if (open || query !== null) {
          e.preventDefault();
          setQuery(null);
          setOpen(false);
        }
        break;
    }
  }

  const items = virtualizer.getVirtualItems();
  return (
    <div className="combobox">
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && shown.length > 0 ? optionId(active) : undefined}
        aria-describedby={[countId, describedBy].filter(Boolean).join(' ')}
        disabled={disabled}
        placeholder={placeholder ?? 'Type to search'}
        value={query ?? chosen?.label ?? value}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={(e) => e.target.select()}
        onClick={() => (open ? setOpen(false) : openAt(Math.max(0, shown.indexOf(chosen!))))}
        onBlur={() => {
          setOpen(false);
          setQuery(null);
        }}
        onKeyDown={onKeyDown}
      />
      <span id={countId} className="visually-hidden" aria-live="polite">
        {open
          ? `${shown.length.toLocaleString('en-US')} of ${options.length.toLocaleString('en-US')} options`
          : ''}
      </span>
      <div
        ref={scroller}
        className="combobox-popup"
        hidden={!open}
        style={{ maxHeight: LIST_PX, overflowY: 'auto' }}
      >
        <ul
          id={listId}
          role="listbox"
          // Not named after the field: getByLabel and screen-reader label lookups must find the one input.
          aria-label={`${options.length.toLocaleString('en-US')} options`}
          style={{ height: virtualizer.getTotalSize(), position: 'relative', margin: 0 }}
        >
          {items.map((item) => {
            const o = shown[item.index];
            return (
              <li
                key={o.value}
                id={optionId(item.index)}
                role="option"
                aria-selected={o.value === value}
                className={item.index === active ? 'is-active' : undefined}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: OPTION_PX,
                  transform: `translateY(${item.start}px)`,
                }}
                // Chosen before the input's blur closes the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(o);
                }}
              >
                {o.label}
              </li>
            );
          })}
        </ul>
        {open && shown.length === 0 && <p className="muted combobox-empty">Nothing matches.</p>}
      </div>
    </div>
  );
}
