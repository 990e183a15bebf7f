import { Button, Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import {
	testConnection,
	type DoctorCheck,
	type DoctorReport,
} from '../../api/settings';
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

function ChecksTable( {
	checks,
	hidden = false,
	id,
}: {
	checks: DoctorCheck[];
	hidden?: boolean;
	id?: string;
} ) {
	return (
		<table
			id={ id }
			hidden={ hidden }
			className="widefat striped cart-sessions-doctor__checks"
		>
			<thead>
				<tr>
					<th scope="col">
						{ __( 'Check', 'cart-sessions-for-cocart' ) }
					</th>
					<th scope="col">
						{ __( 'Result', 'cart-sessions-for-cocart' ) }
					</th>
					<th scope="col">
						{ __( 'Details and fix', 'cart-sessions-for-cocart' ) }
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
	);
}

/**
 * The checks, as Site Health lists them: what needs attention first, the passed ones collapsed under a button.
 * @param props
 * @param props.checks The doctor's checks.
 */
function Checks( { checks }: { checks: DoctorCheck[] } ) {
	const [ showPassed, setShowPassed ] = useState( false );
	const passed = checks.filter( ( check ) => check.status === 'pass' );
	const others = checks.filter( ( check ) => check.status !== 'pass' );
	const failed = checks.filter( ( check ) => check.status === 'fail' );
	return (
		<>
			<p className="cart-sessions-doctor__summary" role="status">
				{ failed.length > 0
					? sprintf(
							/* translators: 1: failed checks, 2: all checks */
							_n(
								'%1$d check failed (of %2$d).',
								'%1$d checks failed (of %2$d).',
								failed.length,
								'cart-sessions-for-cocart'
							),
							failed.length,
							checks.length
						)
					: sprintf(
							/* translators: 1: passed checks, 2: all checks */
							_n(
								'%1$d check passed (of %2$d); none failed.',
								'%1$d checks passed (of %2$d); none failed.',
								passed.length,
								'cart-sessions-for-cocart'
							),
							passed.length,
							checks.length
						) }
			</p>
			{ others.length > 0 && <ChecksTable checks={ others } /> }
			{ passed.length > 0 && (
				<>
					<Button
						variant="tertiary"
						className="cart-sessions-doctor__toggle"
						aria-expanded={ showPassed }
						aria-controls="cart-sessions-doctor-passed"
						onClick={ () => setShowPassed( ! showPassed ) }
					>
						{ sprintf(
							/* translators: %d: number of passed checks */
							_n(
								'Passed check (%d)',
								'Passed checks (%d)',
								passed.length,
								'cart-sessions-for-cocart'
							),
							passed.length
						) }
					</Button>
					<ChecksTable
						id="cart-sessions-doctor-passed"
						checks={ passed }
						hidden={ ! showPassed }
					/>
				</>
			) }
		</>
	);
}

/**
 * "Test connection": each check with pass/fail in words (not colour alone) and the exact fix; the passed checks
 * collapsed. A report from elsewhere (a connect just checked the new key) is shown the same way.
 * @param props
 * @param props.disabled Nothing to test yet.
 * @param props.report   A report to show until the next test.
 */
export function ConnectionDoctor( {
	disabled,
	report = null,
}: {
	disabled: boolean;
	report?: DoctorReport | null;
} ) {
	const [ checks, setChecks ] = useState< DoctorCheck[] | null >( null );
	const { run, busy, error } = useAction( async () =>
		setChecks( await testConnection() )
	);
	useEffect( () => {
		if ( report ) {
			setChecks( report.checks );
		}
	}, [ report ] );

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
			{ checks && <Checks checks={ checks } /> }
		</section>
	);
}
