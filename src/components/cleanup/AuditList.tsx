import { Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ApiError } from '../../api/client';
import { listAudit, type AuditEntry, type Paged } from '../../api/cleanup';
import { formatDateTime } from '../../format';
import { Spinner } from '../Loading';
import { contextLabel, resultLabel } from './labels';
import { Pager } from './RunHistory';

/**
 * Every cart deleted (or attempted) from the Sessions browser or a cleanup run, newest first.
 * @param root0
 * @param root0.version
 */
export function AuditList( { version }: { version: number } ) {
	const [ page, setPage ] = useState( 1 );
	const [ audit, setAudit ] = useState< Paged< AuditEntry > | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );

	useEffect( () => {
		listAudit( page )
			.then( setAudit )
			.catch( ( caught ) => setError( caught as ApiError ) );
	}, [ page, version ] );

	if ( error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error.message }
			</Notice>
		);
	}
	if ( ! audit ) {
		return <Spinner />;
	}
	if ( audit.total === 0 ) {
		return (
			<p>
				{ __(
					'No cart has been deleted yet.',
					'cart-sessions-for-cocart'
				) }
			</p>
		);
	}
	return (
		<>
			<table
				className="widefat striped cart-sessions-cleanup__table"
				data-testid="cleanup-audit"
			>
				<caption className="screen-reader-text">
					{ __( 'Deleted carts', 'cart-sessions-for-cocart' ) }
				</caption>
				<thead>
					<tr>
						<th scope="col">
							{ __( 'When', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Cart key', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'From', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'Result', 'cart-sessions-for-cocart' ) }
						</th>
						<th scope="col">
							{ __( 'By', 'cart-sessions-for-cocart' ) }
						</th>
					</tr>
				</thead>
				<tbody>
					{ audit.items.map( ( entry ) => (
						<tr key={ entry.id }>
							<td>{ formatDateTime( entry.created_at ) }</td>
							<td>
								<code>{ entry.cart_key }</code>
							</td>
							<td>
								{ contextLabel( entry.context ) }
								{ entry.run_id !== null &&
									` ${ sprintf(
										/* translators: %d: run number */
										__(
											'(run #%d)',
											'cart-sessions-for-cocart'
										),
										entry.run_id
									) }` }
							</td>
							<td>
								{ resultLabel( entry.result ) }
								{ entry.message &&
									entry.result !== 'deleted' && (
										<>
											<br />
											<small>{ entry.message }</small>
										</>
									) }
							</td>
							<td>
								{ entry.user?.name ??
									__(
										'WP-Cron or command line',
										'cart-sessions-for-cocart'
									) }
							</td>
						</tr>
					) ) }
				</tbody>
			</table>
			<Pager
				page={ page }
				pages={ audit.total_pages }
				onPage={ setPage }
			/>
		</>
	);
}
