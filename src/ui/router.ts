/** Hash-based tabs (#/classify, #/memories, ...): no router dependency, works from file hosting. */
import { useEffect, useState } from 'react';

export const TABS = [
  { id: 'classify', label: 'Classify' },
  { id: 'memories', label: 'Memories' },
  { id: 'chat', label: 'Chat' },
  { id: 'models', label: 'Models' },
  { id: 'benchmark', label: 'Benchmark' },
] as const;

export type TabId = (typeof TABS)[number]['id'];

function tabFromHash(hash: string): TabId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return TABS.find((t) => t.id === id)?.id ?? 'classify';
}

export function useTab(): TabId {
  const [tab, setTab] = useState<TabId>(() => tabFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setTab(tabFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return tab;
}
