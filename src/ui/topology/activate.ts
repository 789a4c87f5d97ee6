/** Enter or Space on a focusable SVG group acts as a click does on a button (WAI-ARIA button pattern). */
export function onActivate(action: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    action();
  };
}
