import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { exportLink, listRuns, type CleanupRun } from '../../api/cleanup';
import { formatDateTime } from '../../format';
import {
	formatDuration,
	ruleSummary,
	runStatusLabel,
	triggerLabel,
} from './labels';
import { PagedTable } from './PagedTable';

/**
 * Every run: when, how (manual / schedule / command line), who, the rule, what it found, deleted, skipped and
 * failed, how long it took. Reloads when `version` changes (a run ended).
 */
export function RunHistory( {
	version,
	nonce,
	onResume,
}: {
	version: number;
	nonce: string;
	onResume?: ( run: CleanupRun ) => void;
} ) {
	return (
		<PagedTable
			load={ ( page, signal ) => listRuns( page, 10, signal ) }
			version={ version }
			caption={ __( 'Cleanup runs', 'cart-sessions-for-cocart' ) }
			testId="cleanup-history"
			columns={ [
				__( 'Run', 'cart-sessions-for-cocart' ),
				__( 'Started', 'cart-sessions-for-cocart' ),
				__( 'How', 'cart-sessions-for-cocart' ),
				__( 'Rule', 'cart-sessions-for-cocart' ),
				__( 'Found', 'cart-sessions-for-cocart' ),
				__( 'Deleted', 'cart-sessions-for-cocart' ),
				__( 'Skipped', 'cart-sessions-for-cocart' ),
				__( 'Failed', 'cart-sessions-for-cocart' ),
				__( 'Duration', 'cart-sessions-for-cocart' ),
				__( 'Status', 'cart-sessions-for-cocart' ),
			] }
			empty={ __(
				'No cleanup has run yet.',
				'cart-sessions-for-cocart'
			) }
			row={ ( run: CleanupRun ) => {
				const link = exportLink( run, nonce );
				return (
					<tr key={ run.id }>
						<td>#{ run.id }</td>
						<td>{ formatDateTime( run.started_at ) }</td>
						<td>
							{ triggerLabel( run.trigger ) }
							{ run.user && (
								<>
									<br />
									<small>{ run.user.name }</small>
								</>
							) }
						</td>
						<td>{ ruleSummary( run.rule ) }</td>
						<td>{ run.found }</td>
						<td>{ run.deleted }</td>
						<td>{ run.skipped }</td>
						<td>
							{ run.failed > 0 ? (
								<details>
									<summary>{ run.failed }</summary>
									<ul>
										{ run.failures.map( ( failure ) => (
											<li key={ failure.key }>
												<code>{ failure.key }</code>:{ ' ' }
												{ failure.reason }
											</li>
										) ) }
									</ul>
								</details>
							) : (
								0
							) }
						</td>
						<td>{ formatDuration( run.duration_ms ) }</td>
						<td>
							{ runStatusLabel( run.status ) }
							{ run.last_error && run.status !== 'done' && (
								<>
									<br />
									<small>{ run.last_error }</small>
								</>
							) }
							{ run.status === 'running' && onResume && (
								<>
									{ ' ' }
									<Button
										variant="link"
										onClick={ () => onResume( run ) }
									>
										{ __(
											'Resume',
											'cart-sessions-for-cocart'
										) }
									</Button>
								</>
							) }
							{ link && run.status !== 'running' && (
								<>
									<br />
									<a href={ link } download>
										{ __(
											'Export',
											'cart-sessions-for-cocart'
										) }
									</a>
								</>
							) }
						</td>
					</tr>
				);
			} }
		/>
	);
}
