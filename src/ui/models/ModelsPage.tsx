/**
 * The Models tab: what this GPU can run (checked before any download), the WebLLM model manager
 * (download with progress and cancel, cache, delete, persistent storage), the fine-tune's settings,
 * and — only in e2e runs opened with ?llm=stand-in — the labelled test stand-in.
 */
import { useAppState } from '../app-state/AppState';
import { ErrorNotice, Notice } from '../shell/Notice';
import { CapabilityPanel } from './CapabilityPanel';
import { ModelManagerPanel } from './ModelManagerPanel';
import { SettingsForm } from './SettingsForm';
import { useCacheState, useCapability, useCatalog, webllmEngines } from './hooks';

export function ModelsPage() {
  const { engines } = useAppState();
  const { real, standIn } = webllmEngines(engines);
  const catalog = useCatalog(real);
  const { snapshot, report } = useCapability(catalog.catalog);
  const cache = useCacheState(catalog.catalog, real !== null);
  const standInCatalog = useCatalog(standIn);
  return (
    <>
      <CapabilityPanel snapshot={snapshot} report={report} />
      {catalog.error && <ErrorNotice error={catalog.error} title="The model list could not be built" />}
      {!real && <Notice kind="info">This build has no WebLLM engine wired in: the list below shows what this GPU could run.</Notice>}
      {catalog.catalog && real && (
        <ModelManagerPanel engine={real} catalog={catalog.catalog} report={report} cache={cache} title="Language models (WebLLM, on your GPU)" />
      )}
      {catalog.catalog && !real && report && (
        <ul data-testid="model-verdicts">{report.verdicts.map((v) => <li key={v.id}>{v.id}: {v.runnable ? 'can run' : v.blockers[0]}</li>)}</ul>
      )}
      <SettingsForm catalog={catalog.catalog} onSaved={catalog.reload} />
      {standIn && standInCatalog.catalog && (
        <ModelManagerPanel engine={standIn} catalog={standInCatalog.catalog} report={null} cache={null} title={`${standIn.label} — no model, keyword rules`} />
      )}
    </>
  );
}
