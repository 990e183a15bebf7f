<?php
/**
 * A cleanup run's record as the run goes (Runner drives it): each cart skipped or failed with its reason, a step
 * that could not reach the store, and the run's end — saved to the runs table (Runs) with the lock released and
 * the export closed.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use WP_Error;

final class RunRecord {

	/**
	 * A step that could not reach the store: the run keeps its place and tries again on the next step, up to
	 * MAX_STEP_ERRORS in a row, then fails.
	 *
	 * @param array<string,mixed> $run
	 * @return array<string,mixed>
	 */
	public static function step_failed( array $run, WP_Error $error ): array {
		$run['state']['errors']     = (int) $run['state']['errors'] + 1;
		$run['state']['last_error'] = $error->get_error_message();
		if ( $run['state']['errors'] >= Runner::MAX_STEP_ERRORS ) {
			self::finish( $run, 'failed' );
		}
		return $run;
	}

	/**
	 * @param array<string,mixed> $run
	 */
	public static function finish( array &$run, string $status ): void {
		$run['status']      = $status;
		$run['finished_at'] = gmdate( 'Y-m-d H:i:s' );
		$run['duration_ms'] = Runs::elapsed_ms( $run );
		$run['state']['queue'] = array(); // The work list is not needed any more; the audit names every cart.
		if ( null !== $run['export_file'] ) {
			Export::close( (string) $run['export_file'] );
		}
		Runs::save( $run );
		Lock::release( $run['id'] );
	}

	/**
	 * A run whose lock expired and was taken over: it failed.
	 */
	public static function abandon( int $run_id ): void {
		$old = Runs::get( $run_id );
		if ( null !== $old && 'running' === $old['status'] ) {
			$old['state']['last_error'] = __(
				'The run stopped: nobody advanced it for too long, so its lock expired and another run took over.',
				'cart-sessions-for-cocart'
			);
			$old['status']              = 'failed';
			$old['state']['queue']      = array();
			$old['finished_at']         = gmdate( 'Y-m-d H:i:s' );
			$old['duration_ms']         = Runs::elapsed_ms( $old );
			if ( null !== $old['export_file'] ) {
				Export::close( (string) $old['export_file'] );
			}
			Runs::save( $old );
		}
	}

	/**
	 * @param array<string,mixed> $run
	 */
	public static function skip( array &$run, string $key, string $why ): void {
		++$run['skipped'];
		$run['state']['skips'][] = array(
			'key'    => $key,
			'reason' => 'touched' === $why
				? __(
					'Kept: the cart was used again since the run started (its expiry moved).',
					'cart-sessions-for-cocart'
				)
				: __( 'Already gone: the store no longer has this cart.', 'cart-sessions-for-cocart' ),
		);
	}

	/**
	 * @param array<string,mixed> $run
	 */
	public static function fail( array &$run, string $key, string $reason ): void {
		++$run['failed'];
		$run['failures'][] = array(
			'key'    => $key,
			'reason' => $reason,
		);
	}
}
