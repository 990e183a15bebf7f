import { Spinner as CoreSpinner } from '@wordpress/components';
import type { ComponentType } from 'react';

/**
 * Core's Spinner. Its types in @wordpress/components 27 (the version WordPress 6.5 ships) demand SVG pointer
 * props that @types/react 18.3 made required; it takes none at runtime.
 */
export const Spinner = CoreSpinner as unknown as ComponentType<
	Record< string, never >
>;
