<?php
/**
 * WooCommerce's app authentication endpoint (WC_Auth, includes/class-wc-auth.php, unchanged since WooCommerce
 * 2.4 in what an app sees), through which an app obtains a REST API key without anyone copying it:
 *
 *   GET {home}/wc-auth/v1/authorize?app_name=&scope=read|write|read_write&user_id=&return_url=&callback_url=
 *
 *  - Every route first checks the five parameters: each present ("Missing parameter %s") and a string ("Invalid
 *    parameter %s"), the scope one of the three ("Invalid scope %s"), both URLs valid ("The %s is not a valid
 *    URL"; a URL without "://" gets "https://" put in front first) and callback_url on HTTPS ("The callback_url
 *    needs to be over SSL"). A refusal is wp_die( "Error: <message>." ), title "Access denied", HTTP 401.
 *  - authorize, logged out → 302 to …/wc-auth/v1/login with the same parameters: a login form (WooCommerce's
 *    form handler signs in on wp_loaded and redirects to the form's hidden "redirect", …/authorize).
 *  - authorize, with manage_woocommerce → the grant screen: "<app> would like to connect to your store", the
 *    scope and what it allows, Approve (…/access_granted with a wc_auth_grant_access nonce) and Deny (return_url
 *    with success=0&user_id=…). Without the capability: "You do not have permission to access this page".
 *  - access_granted (nonce checked: "Invalid nonce verification") → a key for the current user, description
 *    "<app_name> - API (Y-m-d H:i:s)", permissions = scope; then wp_safe_remote_post( callback_url ) with the JSON
 *    { key_id, user_id, consumer_key, consumer_secret, key_permissions } (Content-Type
 *    application/json;charset=UTF-8, timeout 60). Anything but HTTP 200 back deletes the key again and dies with
 *    "An error occurred in the request and at the time were unable to send the consumer data" (or the transport's
 *    error message); 200 → 302 to return_url with success=1&user_id=….
 *
 * WooCommerce reaches the endpoint through a rewrite rule flushed when it is activated; the double also reads the
 * request's path, so a site installed before this endpoint existed needs no flush.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

use Exception;

final class AppAuth {

	public const VERSION = 1;

	private const PARAMS = array( 'app_name', 'user_id', 'return_url', 'callback_url', 'scope' );

	public function register(): void {
		add_filter( 'query_vars', array( $this, 'add_query_vars' ), 0 );
		add_action( 'init', array( self::class, 'add_endpoint' ), 0 );
		add_action( 'parse_request', array( $this, 'handle_auth_requests' ), 0 );
		add_action( 'wp_loaded', array( $this, 'process_login' ), 20 ); // WC_Form_Handler::process_login().
	}

	/**
	 * @param string[] $vars
	 * @return string[]
	 */
	public function add_query_vars( $vars ): array {
		$vars   = (array) $vars;
		$vars[] = 'wc-auth-version';
		$vars[] = 'wc-auth-route';
		return $vars;
	}

	public static function add_endpoint(): void {
		add_rewrite_rule(
			'^wc-auth/v([1]{1})/(.*)?',
			'index.php?wc-auth-version=$matches[1]&wc-auth-route=$matches[2]',
			'top'
		);
	}

	/**
	 * wc_clean(): sanitize_text_field() on a scalar.
	 *
	 * @param mixed $value
	 */
	private static function clean( $value ): string {
		return is_scalar( $value ) ? sanitize_text_field( (string) $value ) : '';
	}

	private function get_formatted_url( string $url ): string {
		$url = urldecode( $url );
		if ( ! strstr( $url, '://' ) ) {
			$url = 'https://' . $url;
		}
		return $url;
	}

	/**
	 * @param array<string,string> $data
	 */
	private function build_url( array $data, string $endpoint ): string {
		return add_query_arg(
			array(
				'app_name'     => self::clean( $data['app_name'] ),
				'user_id'      => self::clean( $data['user_id'] ),
				'return_url'   => rawurlencode( $this->get_formatted_url( $data['return_url'] ) ),
				'callback_url' => rawurlencode( $this->get_formatted_url( $data['callback_url'] ) ),
				'scope'        => self::clean( $data['scope'] ),
			),
			home_url( '/wc-auth/v' . self::VERSION . '/' . $endpoint )
		);
	}

	/**
	 * @return array<string,string>
	 * @throws Exception When a parameter is missing or wrong (WooCommerce's messages).
	 */
	private function make_validation(): array {
		$data = array();
		foreach ( self::PARAMS as $param ) {
			// phpcs:disable WordPress.Security.NonceVerification.Recommended -- the handshake's own parameters.
			if ( empty( $_REQUEST[ $param ] ) ) {
				throw new Exception( sprintf( 'Missing parameter %s', $param ) );
			}
			if ( ! is_scalar( $_REQUEST[ $param ] ) ) {
				throw new Exception( sprintf( 'Invalid parameter %s', $param ) );
			}
			$data[ $param ] = (string) wp_unslash( $_REQUEST[ $param ] );
			// phpcs:enable
		}
		if ( ! in_array( $data['scope'], Keys::PERMISSIONS, true ) ) {
			throw new Exception( sprintf( 'Invalid scope %s', self::clean( $data['scope'] ) ) );
		}
		foreach ( array( 'return_url', 'callback_url' ) as $param ) {
			$url = $this->get_formatted_url( $data[ $param ] );
			if ( false === filter_var( $url, FILTER_VALIDATE_URL ) ) {
				throw new Exception( sprintf( 'The %s is not a valid URL', $url ) );
			}
		}
		if ( 0 !== stripos( $this->get_formatted_url( $data['callback_url'] ), 'https://' ) ) {
			throw new Exception( 'The callback_url needs to be over SSL' );
		}
		return $data;
	}

	/**
	 * The route asked for: WooCommerce's query variables, or the request's path (see the class comment).
	 */
	private function route( \WP $wp ): string {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended
		if ( ! empty( $_GET['wc-auth-version'] ) && ! empty( $_GET['wc-auth-route'] ) ) {
			return self::clean( wp_unslash( $_GET['wc-auth-route'] ) );
		}
		// phpcs:enable
		if ( ! empty( $wp->query_vars['wc-auth-version'] ) && ! empty( $wp->query_vars['wc-auth-route'] ) ) {
			return self::clean( $wp->query_vars['wc-auth-route'] );
		}
		if ( preg_match( '#^wc-auth/v([1]{1})/(.+)$#', (string) $wp->request, $matches ) ) {
			return self::clean( $matches[2] );
		}
		return '';
	}

	/**
	 * @param \WP $wp
	 */
	public function handle_auth_requests( $wp ): void {
		$route = $this->route( $wp );
		if ( '' !== $route ) {
			$this->auth_endpoint( strtolower( $route ) );
		}
	}

	private function auth_endpoint( string $route ): void {
		$consumer_data = array();
		try {
			$data       = $this->make_validation();
			$deny_url   = add_query_arg(
				array(
					'success' => 0,
					'user_id' => self::clean( $data['user_id'] ),
				),
				$this->get_formatted_url( $data['return_url'] )
			);
			$logged_in  = is_user_logged_in();
			if ( 'login' === $route && ! $logged_in ) {
				$this->page( $this->login_form( $data, $deny_url ) );
			} elseif ( 'login' === $route ) {
				wp_redirect( esc_url_raw( $this->build_url( $data, 'authorize' ) ) ); // phpcs:ignore -- as WooCommerce.
				exit;
			} elseif ( 'authorize' === $route && ! $logged_in ) {
				wp_redirect( esc_url_raw( $this->build_url( $data, 'login' ) ) ); // phpcs:ignore -- as WooCommerce.
				exit;
			} elseif ( 'authorize' === $route && current_user_can( 'manage_woocommerce' ) ) {
				$this->page( $this->grant_form( $data, $deny_url ) );
			} elseif ( 'access_granted' === $route && current_user_can( 'manage_woocommerce' ) ) {
				$nonce = isset( $_GET['wc_auth_nonce'] ) ? sanitize_key( wp_unslash( $_GET['wc_auth_nonce'] ) ) : '';
				if ( '' === $nonce || ! wp_verify_nonce( $nonce, 'wc_auth_grant_access' ) ) {
					throw new Exception( 'Invalid nonce verification' );
				}
				$consumer_data = $this->create_keys( $data['app_name'], $data['user_id'], $data['scope'] );
				$this->post_consumer_data( $consumer_data, $this->get_formatted_url( $data['callback_url'] ) );
				wp_redirect( // phpcs:ignore WordPress.Security.SafeRedirect -- as WooCommerce: the app's own page.
					esc_url_raw(
						add_query_arg(
							array(
								'success' => 1,
								'user_id' => self::clean( $data['user_id'] ),
							),
							$this->get_formatted_url( $data['return_url'] )
						)
					)
				);
				exit;
			} else {
				throw new Exception( 'You do not have permission to access this page' );
			}
		} catch ( Exception $e ) {
			$this->maybe_delete_key( $consumer_data );
			wp_die(
				sprintf( 'Error: %s.', esc_html( $e->getMessage() ) ),
				'Access denied',
				array( 'response' => 401 )
			);
		}
	}

	/**
	 * @return array{key_id:int,user_id:string,consumer_key:string,consumer_secret:string,key_permissions:string}
	 */
	private function create_keys( string $app_name, string $app_user_id, string $scope ): array {
		$description = sprintf(
			'%s - API (%s)',
			mb_substr( self::clean( $app_name ), 0, 170 ),
			gmdate( 'Y-m-d H:i:s' )
		);
		$permissions = in_array( $scope, Keys::PERMISSIONS, true ) ? $scope : 'read';
		$key         = Keys::create( get_current_user_id(), $permissions, $description );
		return array(
			'key_id'          => $key['key_id'],
			'user_id'         => $app_user_id,
			'consumer_key'    => $key['consumer_key'],
			'consumer_secret' => $key['consumer_secret'],
			'key_permissions' => $permissions,
		);
	}

	/**
	 * @param array<string,mixed> $consumer_data
	 * @throws Exception When the app's callback did not answer 200.
	 */
	private function post_consumer_data( array $consumer_data, string $url ): void {
		$response = wp_safe_remote_post(
			esc_url_raw( $url ),
			array(
				'body'    => wp_json_encode( $consumer_data ),
				'timeout' => 60,
				'headers' => array( 'Content-Type' => 'application/json;charset=' . get_bloginfo( 'charset' ) ),
			)
		);
		if ( is_wp_error( $response ) ) {
			throw new Exception( $response->get_error_message() );
		}
		if ( 200 !== (int) wp_remote_retrieve_response_code( $response ) ) {
			throw new Exception(
				'An error occurred in the request and at the time were unable to send the consumer data'
			);
		}
	}

	/**
	 * @param array<string,mixed> $key
	 */
	private function maybe_delete_key( array $key ): void {
		global $wpdb;
		if ( isset( $key['key_id'] ) ) {
			$wpdb->delete( Schema::keys_table(), array( 'key_id' => $key['key_id'] ), array( '%d' ) );
		}
	}

	/**
	 * WC_Form_Handler::process_login(), as far as the login form of this endpoint needs it: sign in, then go to
	 * the form's "redirect" (…/authorize). A failed login shows the form again with WordPress's message.
	 */
	public function process_login(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- checked below, as WooCommerce does.
		if ( ! isset( $_POST['login'], $_POST['username'], $_POST['password'] ) ) {
			return;
		}
		$nonce = isset( $_POST['woocommerce-login-nonce'] )
			? sanitize_key( wp_unslash( $_POST['woocommerce-login-nonce'] ) )
			: '';
		if ( ! wp_verify_nonce( $nonce, 'woocommerce-login' ) ) {
			return;
		}
		$user = wp_signon(
			array(
				'user_login'    => trim( (string) wp_unslash( $_POST['username'] ) ),
				'user_password' => (string) $_POST['password'], // phpcs:ignore -- a password, as typed.
				'remember'      => false,
			),
			is_ssl()
		);
		if ( is_wp_error( $user ) ) {
			$GLOBALS['cocart_double_login_error'] = wp_strip_all_tags( $user->get_error_message() );
			return;
		}
		$redirect = isset( $_POST['redirect'] ) ? (string) wp_unslash( $_POST['redirect'] ) : home_url( '/' );
		// phpcs:enable
		wp_safe_redirect( wp_validate_redirect( $redirect, home_url( '/' ) ) );
		exit;
	}

	/**
	 * templates/auth/form-login.php.
	 *
	 * @param array<string,string> $data
	 */
	private function login_form( array $data, string $deny_url ): string {
		$app   = esc_html( self::clean( $data['app_name'] ) );
		$error = (string) ( $GLOBALS['cocart_double_login_error'] ?? '' );
		return '<h1>' . sprintf( '%s would like to connect to your store', $app ) . '</h1>'
			. ( '' !== $error
				? '<ul class="woocommerce-error" role="alert"><li>' . esc_html( $error ) . '</li></ul>'
				: '' )
			. '<p>' . sprintf(
				'To connect to %1$s you need to be logged in. Log in to your store below, or ' .
					'<a href="%2$s">cancel and return to %1$s</a>',
				$app,
				esc_url( $deny_url )
			) . '</p>'
			. '<form method="post" class="wc-auth-login">'
			. '<p><label for="username">Username or email address&nbsp;<span class="required">*</span></label>'
			. '<input type="text" class="input-text" name="username" id="username" value="" /></p>'
			. '<p><label for="password">Password&nbsp;<span class="required">*</span></label>'
			. '<input class="input-text" type="password" name="password" id="password" /></p>'
			. '<p class="wc-auth-actions">'
			. wp_nonce_field( 'woocommerce-login', 'woocommerce-login-nonce', true, false )
			. '<button type="submit" class="button button-large button-primary wc-auth-login-button" name="login" '
			. 'value="Login">Login</button>'
			. '<input type="hidden" name="redirect" value="'
			. esc_url( $this->build_url( $data, 'authorize' ) ) . '" />'
			. '</p></form>';
	}

	/**
	 * templates/auth/form-grant-access.php.
	 *
	 * @param array<string,string> $data
	 */
	private function grant_form( array $data, string $deny_url ): string {
		$app    = esc_html( self::clean( $data['app_name'] ) );
		$scopes = array(
			'read'       => 'Read',
			'write'      => 'Write',
			'read_write' => 'Read/Write',
		);
		$allows = array(
			'read'       => array( 'View coupons', 'View customers', 'View orders and sales reports', 'View products' ),
			'write'      => array(
				'Create webhooks',
				'Create coupons',
				'Create customers',
				'Create orders',
				'Create products',
			),
			'read_write' => array(
				'Create webhooks',
				'View and manage coupons',
				'View and manage customers',
				'View and manage orders and sales reports',
				'View and manage products',
			),
		);
		$scope   = self::clean( $data['scope'] );
		$granted = wp_nonce_url( $this->build_url( $data, 'access_granted' ), 'wc_auth_grant_access', 'wc_auth_nonce' );
		$items   = '';
		foreach ( $allows[ $scope ] as $permission ) {
			$items .= '<li>' . esc_html( $permission ) . '</li>';
		}
		return '<h1>' . sprintf( '%s would like to connect to your store', $app ) . '</h1>'
			. '<p>' . sprintf(
				'This will give "%1$s" %2$s access which will allow it to:',
				'<strong>' . $app . '</strong>',
				'<strong>' . esc_html( $scopes[ $scope ] ) . '</strong>'
			) . '</p>'
			. '<ul class="wc-auth-permissions">' . $items . '</ul>'
			. '<div class="wc-auth-logged-in-as"><p>'
			. sprintf( 'Logged in as %s', esc_html( wp_get_current_user()->display_name ) )
			. ' <a href="' . esc_url( wp_logout_url( $this->build_url( $data, 'login' ) ) ) . '"'
			. ' class="wc-auth-logout">'
			. 'Logout</a></p></div>'
			. '<p class="wc-auth-actions">'
			. '<a href="' . esc_url( $granted ) . '" class="button button-primary wc-auth-approve">Approve</a> '
			. '<a href="' . esc_url( $deny_url ) . '" class="button wc-auth-deny">Deny</a></p>';
	}

	/**
	 * WooCommerce's auth pages (woocommerce_auth_page_header / _footer): a bare HTML page.
	 */
	private function page( string $body ): void {
		status_header( 200 );
		nocache_headers();
		header( 'Content-Type: text/html; charset=' . get_bloginfo( 'charset' ) );
		// phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every part is escaped where it is built.
		echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Application authentication request</title></head>'
			. '<body class="wc-auth wp-core-ui"><div class="wc-auth-content">' . $body . '</div></body></html>';
		exit;
	}
}
