/**
 * How the page arranges itself for the screen it is on, as pure functions of the viewport's width
 * and of what the user did, so the rules are tested in Node and App.svelte only applies them.
 *
 * The picture is the main thing at every width. On a wide screen the actions and the inspector are
 * columns beside it; below that they become drawers that the header's buttons open, one at a time,
 * over the picture. The legend and the bottom panel sit in the page's flow, never over the picture.
 */

/** wide: actions, picture and inspector side by side. tablet: drawers from the sides. phone: the inspector rises from the bottom. */
export type ScreenLayout = 'wide' | 'tablet' | 'phone';

/** From this width the two side columns (19rem and 20rem) still leave the picture most of the screen. */
export const WIDE_FROM_PX = 1100;
/** From this width a side drawer leaves part of the picture in view beside it. */
export const TABLET_FROM_PX = 640;

export function screenLayoutFor(viewportWidth: number): ScreenLayout {
  if (viewportWidth >= WIDE_FROM_PX) return 'wide';
  if (viewportWidth >= TABLET_FROM_PX) return 'tablet';
  return 'phone';
}

export type DrawerName = 'actions' | 'inspector';

/** The drawer open, if any: only one at a time, as on a phone either covers most of the picture. */
export type OpenDrawer = DrawerName | null;

/** The header's button for a drawer: opens it (closing the other), or closes it when it is open. */
export function toggleDrawer(open: OpenDrawer, name: DrawerName): OpenDrawer {
  return open === name ? null : name;
}

/** Whether a panel is on screen: always as a column on a wide screen, as a drawer only while open. */
export function panelShown(layout: ScreenLayout, open: OpenDrawer, name: DrawerName): boolean {
  return layout === 'wide' || open === name;
}

/** Whether a panel is a drawer (with a close button, Esc shuts it, focus moves in and back) rather than a column. */
export function isDrawer(layout: ScreenLayout): boolean {
  return layout !== 'wide';
}

/**
 * The drawer open after the user selects something in the picture: on a narrow screen the inspector
 * opens, since what was selected is only seen there (and the selected broker's buttons are there);
 * on a wide screen the inspector is a column already.
 */
export function drawerAfterSelect(layout: ScreenLayout, open: OpenDrawer): OpenDrawer {
  return isDrawer(layout) ? 'inspector' : open;
}

/** The drawer open after Esc: Esc shuts an open drawer before it clears the selection. */
export function drawerAfterEscape(layout: ScreenLayout, open: OpenDrawer): { open: OpenDrawer; handled: boolean } {
  if (isDrawer(layout) && open !== null) return { open: null, handled: true };
  return { open, handled: false };
}

/**
 * Whether the docked legend starts open: on a phone its dozen lines would push the picture off
 * the screen, so it starts folded there; elsewhere it is a short strip below the picture.
 */
export function legendStartsOpen(layout: ScreenLayout): boolean {
  return layout !== 'phone';
}

/** Whether the bottom panel (events, metrics, terminal, chaos) starts open: folded on a phone, so the picture has the screen. */
export function bottomPanelStartsOpen(layout: ScreenLayout): boolean {
  return layout !== 'phone';
}
