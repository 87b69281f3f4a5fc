export function App() {
  return (
    <main>
      <h1>Memory Router</h1>
      <p>Private, in-browser memory routing. Nothing leaves this device.</p>
    </main>
  );
}
