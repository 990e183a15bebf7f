import { Button, Notice } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ApiError } from '../../api/client';
import { exportLink, type CleanupRun } from '../../api/cleanup';
import { formatDuration, runStatusLabel } from './labels';

/**
 * A run in progress (bar, counts, Cancel) or its outcome (counts, every failure with its reason, skipped carts,
 * the export). The bar is a native <progress> with a label, announced politely as it moves.
 */
export function RunProgress( {
	run,
	error,
	busy,
	nonce,
	onCancel,
	onContinue,
}: {
	run: CleanupRun;
	error: ApiError | null;
	busy: boolean;
	nonce: string;
	onCancel: () => void;
	onContinue: () => void;
} ) {
	const running = run.status === 'running';
	const done = Math.min( run.processed, run.found );
	const link = exportLink( run, nonce );
	return (
		<div
			className="cart-sessions-cleanup__progress"
			data-testid="cleanup-progress"
		>
			<label htmlFor={ `cart-sessions-run-${ run.id }` }>
				{ sprintf(
					/* translators: 1: run number, 2: status */
					__( 'Run #%1$d: %2$s', 'cart-sessions-for-cocart' ),
					run.id,
					runStatusLabel( run.status )
				) }
			</label>
			<progress
				id={ `cart-sessions-run-${ run.id }` }
				max={ Math.max( 1, run.found ) }
				value={ run.found === 0 ? 1 : done }
			/>
			<p aria-live="polite" className="cart-sessions-cleanup__counts">
				{ sprintf(
					/* translators: 1: carts handled, 2: carts found, 3: deleted, 4: skipped, 5: failed */
					__(
						'%1$d of %2$d carts: %3$d deleted, %4$d skipped, %5$d failed.',
						'cart-sessions-for-cocart'
					),
					done,
					run.found,
					run.deleted,
					run.skipped,
					run.failed
				) }{ ' ' }
				{ ! running &&
					sprintf(
						/* translators: %s: duration */
						__( 'Took %s.', 'cart-sessions-for-cocart' ),
						formatDuration( run.duration_ms )
					) }
			</p>
			{ running && (
				<div className="cart-sessions-cleanup__actions">
					<Button variant="secondary" onClick={ onCancel }>
						{ __( 'Cancel', 'cart-sessions-for-cocart' ) }
					</Button>
					{ ! busy && (
						<Button variant="primary" onClick={ onContinue }>
							{ __( 'Continue', 'cart-sessions-for-cocart' ) }
						</Button>
					) }
				</div>
			) }
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message }
					{ error.fix ? ` ${ error.fix }` : '' }{ ' ' }
					{ running &&
						__(
							'The run keeps its place: press Continue to go on.',
							'cart-sessions-for-cocart'
						) }
				</Notice>
			) }
			{ run.last_error && (
				<Notice
					status={ run.status === 'failed' ? 'error' : 'warning' }
					isDismissible={ false }
				>
					{ run.last_error }
				</Notice>
			) }
			{ run.failures.length > 0 && (
				<details open={ ! running }>
					<summary>
						{ sprintf(
							/* translators: %d: number of carts */
							_n(
								'%d cart could not be deleted',
								'%d carts could not be deleted',
								run.failures.length,
								'cart-sessions-for-cocart'
							),
							run.failures.length
						) }
					</summary>
					<p>
						{ __(
							'They are still in the store. Run the cleanup again to retry them.',
							'cart-sessions-for-cocart'
						) }
					</p>
					<ul className="cart-sessions-cleanup__failures">
						{ run.failures.map( ( failure ) => (
							<li key={ failure.key }>
								<code>{ failure.key }</code>: { failure.reason }
							</li>
						) ) }
					</ul>
				</details>
			) }
			{ ( run.skips?.length ?? 0 ) > 0 && (
				<details>
					<summary>
						{ sprintf(
							/* translators: %d: number of carts */
							_n(
								'%d cart skipped',
								'%d carts skipped',
								run.skips?.length ?? 0,
								'cart-sessions-for-cocart'
							),
							run.skips?.length ?? 0
						) }
					</summary>
					<ul>
						{ ( run.skips ?? [] ).map( ( skip ) => (
							<li key={ skip.key }>
								<code>{ skip.key }</code>: { skip.reason }
							</li>
						) ) }
					</ul>
				</details>
			) }
			{ link && ! running && (
				<p>
					<a href={ link } download>
						{ __(
							'Download the export of the deleted carts (JSON)',
							'cart-sessions-for-cocart'
						) }
					</a>
				</p>
			) }
		</div>
	);
}
