import { __, _n, sprintf } from '@wordpress/i18n';
import type { LiveRefresh } from '../hooks/useLiveRefresh';

/**
 * "Updated 12 seconds ago" for a live screen, or that live updates wait for the browser tab to be shown again.
 * A polite live region: screen readers hear that it paused, not every second's count (aria-atomic off, and the
 * count itself is not announced).
 */
export function LiveStatus( { live }: { live: LiveRefresh } ) {
	if ( live.paused ) {
		return (
			<span className="cart-sessions-live" role="status">
				{ __(
					'Live updates paused while this tab is hidden.',
					'cart-sessions-for-cocart'
				) }
			</span>
		);
	}
	if ( live.secondsAgo === null ) {
		return null;
	}
	const minutes = Math.floor( live.secondsAgo / 60 );
	return (
		<span className="cart-sessions-live" data-testid="live-status">
			{ minutes < 1
				? sprintf(
						/* translators: %d: number of seconds */
						_n(
							'Updated %d second ago',
							'Updated %d seconds ago',
							live.secondsAgo,
							'cart-sessions-for-cocart'
						),
						live.secondsAgo
					)
				: sprintf(
						/* translators: %d: number of minutes */
						_n(
							'Updated %d minute ago',
							'Updated %d minutes ago',
							minutes,
							'cart-sessions-for-cocart'
						),
						minutes
					) }
		</span>
	);
}
