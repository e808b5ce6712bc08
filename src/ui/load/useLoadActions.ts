/** Reading a table through the engine: from a dropped or chosen file, or the sample cohort. */
import { useCallback, useState } from 'react';
import type { JoinKeyChoice, JoinRefusal } from '../../worker/api';
import { errorMessage, useEngine } from '../app/engineContext';
import { useDispatch } from '../app/storeContext';
import { useCancellableRun } from '../app/useCancellableRun';
import type { LoadEvent } from './loadSlice';
import { shortName } from './shortName';

/** Files that are certainly not delimited text: say so plainly instead of parsing noise. */
const NOT_TEXT =
  /\.(xlsx|xlsm|xls|ods|numbers|zip|gz|7z|rar|pdf|docx?|pptx?|png|jpe?g|gif|parquet|sav|dta|rds)$/i;

export const SAMPLE_FILE = 'sample-cohort.csv';

/** Names the cohort loader reads although NOT_TEXT would refuse them (a bgzipped VCF). */
const GENOMIC = /\.(vcf\.gz|vcf\.bgz)$/i;

export interface LoadActions {
  loadFile: (file: Blob, fileName: string) => Promise<void>;
  /** Several files at once: genotypes (.raw, .bed+.bim+.fam, .vcf/.vcf.gz) and a clinical table. */
  loadFiles: (files: File[]) => Promise<void>;
  loadSample: () => Promise<void>;
  cancel: () => void;
  /** Why the last load of several files was not joined (null when it was, or was not tried). */
  joinRefusal: JoinRefusal | null;
  /** Load the refused files again, joined on the key the user chose (null when no join was refused). */
  joinRefusedOn: ((key: JoinKeyChoice) => Promise<void>) | null;
  /** Load the files of the joined table again on another key (null when the table was not joined from files). */
  joinLoadedOn: ((key: JoinKeyChoice) => Promise<void>) | null;
}

export function useLoadActions(): LoadActions {
  const engine = useEngine();
  const dispatch = useDispatch();
  const {
    start,
    cancel: cancelRun,
    isRunning,
  } = useCancellableRun(
    'load',
    (event: LoadEvent) => ({ type: 'load/job', event }),
    (s) => s.load.runId,
  );

  // The files behind the joined table and behind a refused join: choosing a key loads them again.
  const [loadedFiles, setLoadedFiles] = useState<File[] | null>(null);
  const [refused, setRefused] = useState<{ files: File[]; refusal: JoinRefusal } | null>(null);

  const readFiles = useCallback(
    async (files: File[], joinKey?: JoinKeyChoice) => {
      const fileName = files.map((f) => shortName(f.name)).join(' + ');
      setRefused(null);
      await start({ fileName }, async (options) => {
        try {
          const table = await engine.loadFiles(files, options, joinKey);
          if (!options.signal.aborted) setLoadedFiles(files);
          return table;
        } catch (error) {
          const refusal = (error as { refusal?: JoinRefusal } | null)?.refusal;
          if (refusal && !options.signal.aborted) setRefused({ files, refusal });
          throw error;
        }
      });
    },
    [engine, start],
  );

  const loadFile = useCallback(
    async (file: Blob, fileName: string) => {
      setRefused(null);
      if (NOT_TEXT.test(fileName)) {
        dispatch({
          type: 'load/rejected',
          error: `“${fileName}” is not a CSV or TSV text file. Save it as CSV (comma-separated) or TSV from your spreadsheet program, then load that file.`,
        });
        return;
      }
      await start({ fileName }, async (options) => {
        const table = await engine.loadCsv(file, fileName, options);
        if (!options.signal.aborted) setLoadedFiles(null);
        return table;
      });
    },
    [engine, dispatch, start],
  );

  const loadFiles = useCallback(
    async (files: File[]) => {
      const notText = files.find((f) => NOT_TEXT.test(f.name) && !GENOMIC.test(f.name));
      if (notText) {
        setRefused(null);
        dispatch({
          type: 'load/rejected',
          error: `“${shortName(notText.name)}” is not a CSV or TSV text file. GenoForest reads CSV, TSV, TXT, PLINK .raw, .bed + .bim + .fam, VCF and VCF.GZ: save a spreadsheet as CSV (comma-separated) or TSV, then load that file.`,
        });
        return;
      }
      await readFiles(files);
    },
    [dispatch, readFiles],
  );

  const joinRefusedOn = useCallback(
    (key: JoinKeyChoice) => (refused ? readFiles(refused.files, key) : Promise.resolve()),
    [refused, readFiles],
  );
  const joinLoadedOn = useCallback(
    (key: JoinKeyChoice) => (loadedFiles ? readFiles(loadedFiles, key) : Promise.resolve()),
    [loadedFiles, readFiles],
  );

  const loadSample = useCallback(async () => {
    let blob: Blob;
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}${SAMPLE_FILE}`);
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      blob = await response.blob();
    } catch (error) {
      dispatch({
        type: 'load/rejected',
        error: `The sample cohort could not be opened (${errorMessage(error)}). Reload the page and try again, or load your own file.`,
      });
      return;
    }
    await loadFile(blob, SAMPLE_FILE);
  }, [dispatch, loadFile]);

  const cancel = useCallback(() => {
    if (isRunning()) cancelRun();
  }, [isRunning, cancelRun]);

  return {
    loadFile,
    loadFiles,
    loadSample,
    cancel,
    joinRefusal: refused?.refusal ?? null,
    joinRefusedOn: refused ? joinRefusedOn : null,
    joinLoadedOn: loadedFiles ? joinLoadedOn : null,
  };
}
