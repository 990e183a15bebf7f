import type { View } from '@wordpress/dataviews/wp';
import { __ } from '@wordpress/i18n';
import type { MouseEvent } from 'react';
import { isPlainClick, sessionsUrl } from '../overview/links';
import { PRESETS, presetOf, presetView, type Preset } from './view';

const LABELS: Record< Preset[ 'id' ], () => string > = {
	live: () => __( 'Live carts', 'cart-sessions-for-cocart' ),
	worth: () => __( 'Worth chasing', 'cart-sessions-for-cocart' ),
	expired: () => __( 'Expired', 'cart-sessions-for-cocart' ),
	all: () => __( 'All carts', 'cart-sessions-for-cocart' ),
};

/**
 * The preset views as WordPress's list screens show theirs (All | Published | …): real links, the current one
 * marked. "Worth chasing" is live carts with items and an email, highest value first.
 * @param root0
 * @param root0.view
 * @param root0.onChange
 */
export function PresetViews( {
	view,
	onChange,
}: {
	view: View;
	onChange: ( next: View ) => void;
} ) {
	const current = presetOf( view );
	const open = ( event: MouseEvent, id: Preset[ 'id' ] ) => {
		if ( ! isPlainClick( event ) ) {
			return;
		}
		event.preventDefault();
		onChange( presetView( id, view ) );
	};
	return (
		<nav
			className="cart-sessions-presets"
			aria-label={ __( 'Views', 'cart-sessions-for-cocart' ) }
		>
			<ul className="subsubsub">
				{ PRESETS.map( ( preset, index ) => (
					<li key={ preset.id }>
						<a
							href={ sessionsUrl( preset.params ) }
							className={
								current === preset.id ? 'current' : undefined
							}
							aria-current={
								current === preset.id ? 'page' : undefined
							}
							onClick={ ( event ) => open( event, preset.id ) }
						>
							{ LABELS[ preset.id ]() }
						</a>
						{ index < PRESETS.length - 1 && ' |' }
					</li>
				) ) }
			</ul>
		</nav>
	);
}
