import { Button, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { clearDebugLog, getDebugLog, type DebugLog } from '../../api/settings';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/useAction';

/** The debug log of requests to the store (credentials and signatures are never in it): view and clear. */
export function DebugLogView() {
	const [ log, setLog ] = useState< DebugLog | null >( null );
	const { run: load, error } = useAction(
		async ( request: () => Promise< DebugLog > ) =>
			setLog( await request() )
	);

	return (
		<section
			className="cart-sessions-log"
			aria-labelledby="cart-sessions-log-title"
		>
			<h2 id="cart-sessions-log-title">
				{ __( 'Debug log', 'cart-sessions-for-cocart' ) }
			</h2>
			<Button variant="secondary" onClick={ () => load( getDebugLog ) }>
				{ log
					? __( 'Reload the log', 'cart-sessions-for-cocart' )
					: __( 'Show the log', 'cart-sessions-for-cocart' ) }
			</Button>{ ' ' }
			{ log && log.entries.length > 0 && (
				<Button
					variant="tertiary"
					isDestructive
					onClick={ () => load( clearDebugLog ) }
				>
					{ __( 'Clear the log', 'cart-sessions-for-cocart' ) }
				</Button>
			) }
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message }
				</Notice>
			) }
			{ log && (
				<>
					<p className="description">
						{ log.enabled
							? sprintf(
									/* translators: %d: number of entries kept */
									__(
										'Logging is on; the last %d requests are kept.',
										'cart-sessions-for-cocart'
									),
									log.max_entries
								)
							: __(
									'Logging is off: turn it on above to record requests.',
									'cart-sessions-for-cocart'
								) }
					</p>
					{ log.entries.length === 0 ? (
						<p>
							{ __(
								'The log is empty.',
								'cart-sessions-for-cocart'
							) }
						</p>
					) : (
						<table className="widefat striped">
							<thead>
								<tr>
									<th scope="col">
										{ __(
											'Time',
											'cart-sessions-for-cocart'
										) }
									</th>
									<th scope="col">
										{ __(
											'Request',
											'cart-sessions-for-cocart'
										) }
									</th>
									<th scope="col">
										{ __(
											'Status',
											'cart-sessions-for-cocart'
										) }
									</th>
									<th scope="col">
										{ __(
											'Duration',
											'cart-sessions-for-cocart'
										) }
									</th>
									<th scope="col">
										{ __(
											'Error',
											'cart-sessions-for-cocart'
										) }
									</th>
								</tr>
							</thead>
							<tbody>
								{ log.entries.map( ( entry, index ) => (
									<tr key={ index }>
										<td>
											{ formatDateTime( entry.time ) }
										</td>
										<td>
											<code>
												{ entry.method } { entry.path }
											</code>
										</td>
										<td>{ entry.status ?? '—' }</td>
										<td>
											{ sprintf(
												/* translators: %d: milliseconds */
												__(
													'%d ms',
													'cart-sessions-for-cocart'
												),
												entry.duration_ms
											) }
										</td>
										<td>{ entry.error ?? '' }</td>
									</tr>
								) ) }
							</tbody>
						</table>
					) }
				</>
			) }
		</section>
	);
}
