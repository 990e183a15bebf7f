import { Button, Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ApiError } from '../../api/client';
import { ClearExpired } from './ClearExpired';

interface StoreCounts {
	carts_in_session?: string | number;
	count_carts_active?: string | number;
	count_carts_expiring?: string | number;
	carts_source_headless?: string | number;
	carts_source_web?: string | number;
	carts_source_other?: string | number;
}

/** Answers (409) that only the Settings tab can fix: no key yet, a key that no longer decrypts, a bad override. */
const SETUP_PROBLEMS = [
	'cart_sessions_not_configured',
	'cart_sessions_reconnect_required',
	'cart_sessions_invalid_override',
	'cart_sessions_bad_url',
];

/**
 * Why the list could not be shown, and what to do: each known failure gets its own way out.
 */
export function ListProblem( {
	error,
	onRetry,
	onOpenTab,
}: {
	error: ApiError;
	onRetry: () => void;
	onOpenTab: ( tab: 'settings' | 'cleanup' ) => void;
} ) {
	if ( SETUP_PROBLEMS.includes( error.code ) ) {
		return (
			<Notice status="warning" isDismissible={ false }>
				<p>{ error.message }</p>
				{ error.fix && <p>{ error.fix }</p> }
				<Button
					variant="primary"
					onClick={ () => onOpenTab( 'settings' ) }
				>
					{ __(
						'Set up the connection',
						'cart-sessions-for-cocart'
					) }
				</Button>
			</Notice>
		);
	}

	if ( error.code === 'cart_sessions_store_too_big' ) {
		const counts = ( error.data.counts ?? null ) as StoreCounts | null;
		const rows: Array< [ string, string | number | undefined ] > = counts
			? [
					[
						__( 'Carts in session', 'cart-sessions-for-cocart' ),
						counts.carts_in_session,
					],
					[
						__( 'Active', 'cart-sessions-for-cocart' ),
						counts.count_carts_active,
					],
					[
						__(
							'Expiring within 6 hours',
							'cart-sessions-for-cocart'
						),
						counts.count_carts_expiring,
					],
					[
						__( 'Headless (CoCart)', 'cart-sessions-for-cocart' ),
						counts.carts_source_headless,
					],
					[
						__( 'Storefront', 'cart-sessions-for-cocart' ),
						counts.carts_source_web,
					],
					[
						__( 'Other', 'cart-sessions-for-cocart' ),
						counts.carts_source_other,
					],
				]
			: [];
		return (
			<Notice
				status="error"
				isDismissible={ false }
				className="cart-sessions-too-big"
			>
				<p>
					<strong>{ error.message }</strong>
				</p>
				{ rows.length > 0 && (
					<table className="widefat striped cart-sessions-too-big__counts">
						<caption>
							{ __(
								'What the store reports instead',
								'cart-sessions-for-cocart'
							) }
						</caption>
						<tbody>
							{ rows.map( ( [ label, value ] ) => (
								<tr key={ label }>
									<th scope="row">{ label }</th>
									<td>{ value ?? '—' }</td>
								</tr>
							) ) }
						</tbody>
					</table>
				) }
				{ error.fix && <p>{ error.fix }</p> }
				<ClearExpired onDone={ onRetry } />{ ' ' }
				<Button variant="secondary" onClick={ onRetry }>
					{ __( 'Try again', 'cart-sessions-for-cocart' ) }
				</Button>
			</Notice>
		);
	}

	return (
		<Notice status="error" isDismissible={ false }>
			<p>
				<strong>{ error.message }</strong>
			</p>
			{ error.fix && <p>{ error.fix }</p> }
			<Button variant="secondary" onClick={ onRetry }>
				{ __( 'Try again', 'cart-sessions-for-cocart' ) }
			</Button>{ ' ' }
			<Button
				variant="tertiary"
				onClick={ () => onOpenTab( 'settings' ) }
			>
				{ __( 'Check the connection', 'cart-sessions-for-cocart' ) }
			</Button>
		</Notice>
	);
}
