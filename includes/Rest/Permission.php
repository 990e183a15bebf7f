<?php
/**
 * The permission check of every cart-sessions/v1 route: manage_cart_sessions (see Capability). 401 for a
 * visitor who is not logged in (or whose cookie came without a valid wp_rest nonce: WordPress then treats the
 * request as anonymous), 403 for a logged-in user without the capability.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Capability;
use WP_Error;

final class Permission {

	public const NAMESPACE = 'cart-sessions/v1';

	/**
	 * permission_callback for every route.
	 *
	 * @return true|WP_Error
	 */
	public static function check() {
		if ( current_user_can( Capability::NAME ) ) {
			return true;
		}
		if ( ! is_user_logged_in() ) {
			return new WP_Error(
				'rest_not_logged_in',
				__( 'You are not logged in. Log in to WordPress again and reload the page.', 'cart-sessions-for-cocart' ),
				array( 'status' => 401 )
			);
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage cart sessions.', 'cart-sessions-for-cocart' ),
			array( 'status' => 403 )
		);
	}
}
