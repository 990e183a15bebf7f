import { Button, Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ApiError } from '../../api/client';
import {
	exportLink,
	listRuns,
	type CleanupRun,
	type Paged,
} from '../../api/cleanup';
import { formatDateTime } from '../../format';
import { Spinner } from '../Loading';
import {
	formatDuration,
	ruleSummary,
	runStatusLabel,
	triggerLabel,
} from './labels';

/**
 * Every run: when, how (manual / schedule / command line), who, the rule, what it found, deleted, skipped and
 * failed, how long it took. Reloads when `version` changes (a run ended).
 * @param root0
 * @param root0.version
 * @param root0.nonce
 * @param root0.onResume
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
	const [ page, setPage ] = useState( 1 );
	const [ runs, setRuns ] = useState< Paged< CleanupRun > | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );

	useEffect( () => {
		listRuns( page )
			.then( setRuns )
			.catch( ( caught ) => setError( caught as ApiError ) );
	}, [ page, version ] );

	if ( error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error.message }
			</Notice>
		);
	}
	if ( ! runs ) {
		return <Spinner />;
	}
	if ( runs.total === 0 ) {
		return (
			<p>
				{ __( 'No cleanup has run yet.', 'cart-sessions-for-cocart' ) }
			</p>
		);
	}
	return (
		<>
			<table
				className="widefat striped cart-sessions-cleanup__table"
				data-testid="cleanup-history"
			>
				<caption className="screen-reader-text">
					{ __( 'Cleanup runs', 'cart-sessions-for-cocart' ) }
				</caption>
				<thead>
					<tr>
						<th scope="col">
							{ __( 'Run', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Started', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'How', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Rule', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Found', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Deleted', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Skipped', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Failed', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Duration', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Status', 'cart-sessions-for-cocart' ) }
						</th>
					</tr>
				</thead>
				<tbody>
					{ runs.items.map( ( run ) => {
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
												{ run.failures.map(
													( failure ) => (
														<li key={ failure.key }>
															<code>
																{ failure.key }
															</code>
															: { failure.reason }
														</li>
													)
												) }
											</ul>
										</details>
									) : (
										0
									) }
								</td>
								<td>{ formatDuration( run.duration_ms ) }</td>
								<td>
									{ runStatusLabel( run.status ) }
									{ run.last_error &&
										run.status !== 'done' && (
											<>
												<br />
												<small>
													{ run.last_error }
												</small>
											</>
										) }
									{ run.status === 'running' && onResume && (
										<>
											{ ' ' }
											<Button
												variant="link"
												onClick={ () =>
													onResume( run )
												}
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
					} ) }
				</tbody>
			</table>
			<Pager
				page={ page }
				pages={ runs.total_pages }
				onPage={ setPage }
			/>
		</>
	);
}

/**
 * Previous / Next for a paged list.
 * @param root0
 * @param root0.page
 * @param root0.pages
 * @param root0.onPage
 */
export function Pager( {
	page,
	pages,
	onPage,
}: {
	page: number;
	pages: number;
	onPage: ( page: number ) => void;
} ) {
	if ( pages <= 1 ) {
		return null;
	}
	return (
		<nav className="cart-sessions-cleanup__pages">
			<Button
				variant="secondary"
				disabled={ page <= 1 }
				onClick={ () => onPage( page - 1 ) }
			>
				{ __( 'Previous', 'cart-sessions-for-cocart' ) }
			</Button>
			<span>
				{ sprintf(
					/* translators: 1: page, 2: pages */
					__( 'Page %1$d of %2$d', 'cart-sessions-for-cocart' ),
					page,
					pages
				) }
			</span>
			<Button
				variant="secondary"
				disabled={ page >= pages }
				onClick={ () => onPage( page + 1 ) }
			>
				{ __( 'Next', 'cart-sessions-for-cocart' ) }
			</Button>
		</nav>
	);
}
