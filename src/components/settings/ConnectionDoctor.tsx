import { Button, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { testConnection, type DoctorCheck } from '../../api/settings';
import { useAction } from '../../hooks/useAction';
import { Spinner } from '../Loading';

const STATUS_TEXT: Record< DoctorCheck[ 'status' ], () => string > = {
	pass: () => __( 'Pass', 'cart-sessions-for-cocart' ),
	warn: () => __( 'Warning', 'cart-sessions-for-cocart' ),
	fail: () => __( 'Fail', 'cart-sessions-for-cocart' ),
	skip: () => __( 'Not run', 'cart-sessions-for-cocart' ),
};

const STATUS_SYMBOL: Record< DoctorCheck[ 'status' ], string > = {
	pass: '✓',
	warn: '!',
	fail: '✗',
	skip: '–',
};

/**
 * "Test connection": each check with pass/fail in words (not colour alone) and the exact fix.
 */
export function ConnectionDoctor( { disabled }: { disabled: boolean } ) {
	const [ checks, setChecks ] = useState< DoctorCheck[] | null >( null );
	const { run, busy, error } = useAction( async () =>
		setChecks( await testConnection() )
	);

	return (
		<section
			className="cart-sessions-doctor"
			aria-labelledby="cart-sessions-doctor-title"
		>
			<h2 id="cart-sessions-doctor-title">
				{ __( 'Connection doctor', 'cart-sessions-for-cocart' ) }
			</h2>
			<Button
				variant="secondary"
				onClick={ run }
				disabled={ busy || disabled }
				aria-disabled={ busy || disabled }
			>
				{ __( 'Test connection', 'cart-sessions-for-cocart' ) }
			</Button>
			{ busy && <Spinner /> }
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message } { error.fix }
				</Notice>
			) }
			{ checks && (
				<table className="widefat striped cart-sessions-doctor__checks">
					<thead>
						<tr>
							<th scope="col">
								{ __( 'Check', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'Result', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __(
									'Details and fix',
									'cart-sessions-for-cocart'
								) }
							</th>
						</tr>
					</thead>
					<tbody>
						{ checks.map( ( check ) => (
							<tr
								key={ check.id }
								data-check={ check.id }
								data-status={ check.status }
							>
								<th scope="row">{ check.label }</th>
								<td
									className={ `cart-sessions-doctor__status--${ check.status }` }
								>
									<span aria-hidden="true">
										{ STATUS_SYMBOL[ check.status ] }{ ' ' }
									</span>
									{ STATUS_TEXT[ check.status ]() }
								</td>
								<td>
									{ check.message }
									{ check.fix && (
										<>
											<br />
											<strong>
												{ __(
													'Fix:',
													'cart-sessions-for-cocart'
												) }
											</strong>{ ' ' }
											{ check.fix }
										</>
									) }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }
		</section>
	);
}
