import { describe, expect, it } from 'vitest';
import {
  bottomPanelStartsOpen,
  drawerAfterEscape,
  drawerAfterSelect,
  isDrawer,
  legendStartsOpen,
  panelShown,
  screenLayoutFor,
  TABLET_FROM_PX,
  toggleDrawer,
  WIDE_FROM_PX,
  type ScreenLayout,
} from '../../src/ui/layout/screen-layout';

const LAYOUTS: ScreenLayout[] = ['wide', 'tablet', 'phone'];

describe('ui > screen layout', () => {
  it('is wide from a laptop up, a tablet down to 640 px, and a phone below, from 360 px on', () => {
    expect(screenLayoutFor(1920)).toBe('wide');
    expect(screenLayoutFor(1440)).toBe('wide');
    expect(screenLayoutFor(1280)).toBe('wide');
    expect(screenLayoutFor(WIDE_FROM_PX)).toBe('wide');
    expect(screenLayoutFor(WIDE_FROM_PX - 1)).toBe('tablet');
    expect(screenLayoutFor(820)).toBe('tablet');
    expect(screenLayoutFor(TABLET_FROM_PX)).toBe('tablet');
    expect(screenLayoutFor(TABLET_FROM_PX - 1)).toBe('phone');
    expect(screenLayoutFor(390)).toBe('phone');
    expect(screenLayoutFor(360)).toBe('phone');
  });

  it('shows the side panels as columns on a wide screen, and as drawers only while open below it', () => {
    for (const name of ['actions', 'inspector'] as const) {
      expect(panelShown('wide', null, name)).toBe(true);
      for (const layout of ['tablet', 'phone'] as const) {
        expect(isDrawer(layout)).toBe(true);
        expect(panelShown(layout, null, name)).toBe(false);
        expect(panelShown(layout, name, name)).toBe(true);
        expect(panelShown(layout, name === 'actions' ? 'inspector' : 'actions', name)).toBe(false);
      }
    }
    expect(isDrawer('wide')).toBe(false);
  });

  it('opens one drawer at a time: a header button opens its drawer over the other, and shuts its own', () => {
    expect(toggleDrawer(null, 'actions')).toBe('actions');
    expect(toggleDrawer('actions', 'actions')).toBeNull();
    expect(toggleDrawer('actions', 'inspector')).toBe('inspector');
    expect(toggleDrawer('inspector', 'actions')).toBe('actions');
  });

  it('opens the inspector when something is selected on a narrow screen, and leaves a wide screen as it is', () => {
    expect(drawerAfterSelect('wide', null)).toBeNull();
    expect(drawerAfterSelect('tablet', null)).toBe('inspector');
    expect(drawerAfterSelect('phone', 'actions')).toBe('inspector');
    expect(drawerAfterSelect('phone', 'inspector')).toBe('inspector');
  });

  it('lets Esc shut an open drawer before it clears the selection', () => {
    expect(drawerAfterEscape('phone', 'actions')).toEqual({ open: null, handled: true });
    expect(drawerAfterEscape('tablet', 'inspector')).toEqual({ open: null, handled: true });
    expect(drawerAfterEscape('phone', null)).toEqual({ open: null, handled: false });
    // A wide screen has no drawers: Esc goes on to clear the selection.
    expect(drawerAfterEscape('wide', 'actions')).toEqual({ open: 'actions', handled: false });
  });

  it('folds the legend and the bottom panel at first on a phone only, so the picture has its screen', () => {
    expect(LAYOUTS.map(legendStartsOpen)).toEqual([true, true, false]);
    expect(LAYOUTS.map(bottomPanelStartsOpen)).toEqual([true, true, false]);
  });
});
