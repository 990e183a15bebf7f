<?php
/**
 * A CoCart client error as our REST routes return it: a status of 409 (the connection is not set up), 504 (the
 * store was too slow) or 502 (anything else the store did), and data.fix, the advice that gets the user past it
 * (the connection doctor's, unless the caller knows better).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\Doctor;
use WP_Error;

final class RouteError {

	/** Client error reasons that mean the connection is not set up (409), not that the store failed. */
	public const CONFIG_REASONS = array( 'not_configured', 'reconnect_required', 'invalid_override', 'bad_url' );

	public static function from( WP_Error $error, ?string $fix = null ): WP_Error {
		$data   = (array) $error->get_error_data();
		$reason = (string) ( $data['reason'] ?? '' );
		if ( in_array( $reason, self::CONFIG_REASONS, true ) ) {
			$status = 409;
			$fix    = $fix ?? __(
				'Open the Settings tab and enter the store URL and a WooCommerce REST API key pair (Read/Write).',
				'cart-sessions-for-cocart'
			);
		} elseif ( 'too_slow' === $reason ) {
			$status = 504;
		} else {
			$status = 502;
		}
		$data['status'] = $status;
		$data['fix']    = $fix
			?? Doctor::fix_for( $error )
			?? __( 'Run the connection test in the Settings tab for details.', 'cart-sessions-for-cocart' );
		return new WP_Error( $error->get_error_code(), $error->get_error_message(), $data );
	}

	/**
	 * Whether an error says the connection is not set up (as opposed to the store failing).
	 */
	public static function is_config( WP_Error $error ): bool {
		return in_array( $error->get_error_data()['reason'] ?? '', self::CONFIG_REASONS, true );
	}
}
