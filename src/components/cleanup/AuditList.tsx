import { __, sprintf } from '@wordpress/i18n';
import { listAudit, type AuditEntry } from '../../api/cleanup';
import { formatDateTime } from '../../format';
import { contextLabel, resultLabel } from './labels';
import { PagedTable } from './PagedTable';

/**
 * Every cart deleted (or attempted) from the Sessions browser or a cleanup run, and every restore link given out,
 * newest first.
 */
export function AuditList( { version }: { version: number } ) {
	return (
		<PagedTable
			load={ ( page, signal ) => listAudit( page, 20, signal ) }
			version={ version }
			caption={ __( 'Deleted carts', 'cart-sessions-for-cocart' ) }
			testId="cleanup-audit"
			columns={ [
				__( 'When', 'cart-sessions-for-cocart' ),
				__( 'Cart key', 'cart-sessions-for-cocart' ),
				__( 'From', 'cart-sessions-for-cocart' ),
				__( 'Result', 'cart-sessions-for-cocart' ),
				__( 'By', 'cart-sessions-for-cocart' ),
			] }
			empty={ __(
				'No cart has been deleted and no restore link given out yet.',
				'cart-sessions-for-cocart'
			) }
			row={ ( entry: AuditEntry ) => (
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
								__( '(run #%d)', 'cart-sessions-for-cocart' ),
								entry.run_id
							) }` }
					</td>
					<td>
						{ resultLabel( entry.result ) }
						{ entry.message && entry.result !== 'deleted' && (
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
			) }
		/>
	);
}
