<?php
/**
 * WooCommerce's consumer-key authentication (WC_REST_Authentication), which CoCart enables for its namespace
 * through the filter woocommerce_rest_is_request_to_rest_api (docs/cocart-api.md#authentication):
 *
 *  - determine_current_user @15: over HTTPS (is_ssl()) query-string consumer_key/consumer_secret (checked first)
 *    or Basic ck:cs; otherwise, and over plain HTTP, one-legged OAuth 1.0a (HMAC-SHA1/SHA256, 15-minute
 *    timestamp window, nonces remembered in the key's row and replays refused);
 *  - rest_pre_dispatch: the key's permissions against the HTTP method (read-only key on DELETE/PUT → 401), and
 *    last_access updated;
 *  - a WWW-Authenticate header when Basic authentication failed.
 *
 * Only requests whose REQUEST_URI contains "{rest prefix}/wc/", "…/wc-" or "…/cocart/" are considered, so
 * ?rest_route= requests get no key authentication (WooCommerce's GitHub issue #41191).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

use WP_Error;

final class WcAuth {

	/** @var WP_Error|null */
	private $error = null;

	/** @var object|null The key row of the authenticated key. */
	private $user = null;

	/** @var string */
	private $auth_method = '';

	public function register(): void {
		add_filter( 'determine_current_user', array( $this, 'authenticate' ), 15 );
		add_filter( 'rest_authentication_errors', array( $this, 'authentication_fallback' ) );
		add_filter( 'rest_authentication_errors', array( $this, 'check_authentication_error' ), 15 );
		add_filter( 'rest_post_dispatch', array( $this, 'send_unauthorized_headers' ), 50 );
		add_filter( 'rest_pre_dispatch', array( $this, 'check_user_permissions' ), 10, 3 );
	}

	private function is_request_to_rest_api(): bool {
		if ( empty( $_SERVER['REQUEST_URI'] ) ) {
			return false;
		}
		$prefix = trailingslashit( rest_get_url_prefix() );
		$uri    = esc_url_raw( wp_unslash( (string) $_SERVER['REQUEST_URI'] ) );
		// WooCommerce's own namespaces and "wc-" third parties; CoCart_WooCommerce::allow_cocart_requests_wc() adds
		// cocart/.
		return false !== strpos( $uri, $prefix . 'wc/' )
			|| false !== strpos( $uri, $prefix . 'wc-' )
			|| false !== strpos( $uri, $prefix . 'cocart/' );
	}

	/**
	 * @param int|false $user_id
	 * @return int|false
	 */
	public function authenticate( $user_id ) {
		if ( ! empty( $user_id ) || ! $this->is_request_to_rest_api() ) {
			return $user_id;
		}
		if ( is_ssl() ) {
			$user_id = $this->perform_basic_authentication();
		}
		if ( $user_id ) {
			return $user_id;
		}
		return $this->perform_oauth_authentication();
	}

	/**
	 * @param mixed $error
	 * @return mixed
	 */
	public function authentication_fallback( $error ) {
		if ( ! empty( $error ) ) {
			return $error;
		}
		if (
			empty( $this->error )
			&& '' === $this->auth_method
			&& empty( $this->user )
			&& 0 === get_current_user_id()
		) {
			$user_id = $this->authenticate( false );
			if ( $user_id ) {
				wp_set_current_user( (int) $user_id );
				return true;
			}
		}
		return $error;
	}

	/**
	 * @param mixed $error
	 * @return mixed
	 */
	public function check_authentication_error( $error ) {
		if ( ! empty( $error ) ) {
			return $error;
		}
		return $this->error;
	}

	private function set_error( WP_Error $error ): void {
		$this->user  = null;
		$this->error = $error;
	}

	/**
	 * @return int|false
	 */
	private function perform_basic_authentication() {
		$this->auth_method = 'basic_auth';
		$consumer_key      = '';
		$consumer_secret   = '';
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- API credentials, not a form.
		if ( ! empty( $_GET['consumer_key'] ) && ! empty( $_GET['consumer_secret'] ) ) {
			$consumer_key    = (string) $_GET['consumer_key'];
			$consumer_secret = (string) $_GET['consumer_secret'];
		}
		// phpcs:enable
		if ( ! $consumer_key && ! empty( $_SERVER['PHP_AUTH_USER'] ) && ! empty( $_SERVER['PHP_AUTH_PW'] ) ) {
			$consumer_key    = (string) $_SERVER['PHP_AUTH_USER'];
			$consumer_secret = (string) $_SERVER['PHP_AUTH_PW'];
		}
		if ( ! $consumer_key || ! $consumer_secret ) {
			return false;
		}
		$this->user = Keys::find( $consumer_key );
		if ( null === $this->user ) {
			return false;
		}
		if ( ! hash_equals( (string) $this->user->consumer_secret, $consumer_secret ) ) {
			$this->set_error(
				new WP_Error(
					'woocommerce_rest_authentication_error',
					'Consumer secret is invalid.',
					array( 'status' => 401 )
				)
			);
			return false;
		}
		return (int) $this->user->user_id;
	}

	private function authorization_header(): string {
		if ( ! empty( $_SERVER['HTTP_AUTHORIZATION'] ) ) {
			return wp_unslash( (string) $_SERVER['HTTP_AUTHORIZATION'] );
		}
		if ( function_exists( 'getallheaders' ) ) {
			foreach ( (array) getallheaders() as $name => $value ) {
				if ( 'authorization' === strtolower( (string) $name ) ) {
					return (string) $value;
				}
			}
		}
		return '';
	}

	/**
	 * WC's parse_header(): only an "OAuth k="v", …" header is read.
	 *
	 * @return array<string,string>
	 */
	private function parse_header( string $header ): array {
		if ( 'OAuth ' !== substr( $header, 0, 6 ) ) {
			return array();
		}
		$params = array();
		if ( preg_match_all( '/(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))/', substr( $header, 6 ), $matches ) ) {
			foreach ( $matches[1] as $i => $name ) {
				$params[ $name ] = urldecode( empty( $matches[3][ $i ] ) ? $matches[4][ $i ] : $matches[3][ $i ] );
			}
			if ( isset( $params['realm'] ) ) {
				unset( $params['realm'] );
			}
		}
		return $params;
	}

	/**
	 * @return array<string,mixed>
	 */
	private function get_oauth_parameters(): array {
		// phpcs:ignore WordPress.Security.NonceVerification
		$params = wp_unslash( array_merge( $_GET, $_POST ) );
		$header = trim( $this->authorization_header() );
		if ( '' !== $header ) {
			$params = array_merge( $params, $this->parse_header( $header ) );
		}
		$names    = array(
			'oauth_consumer_key',
			'oauth_timestamp',
			'oauth_nonce',
			'oauth_signature',
			'oauth_signature_method',
		);
		$missing  = array();
		$have_one = false;
		foreach ( $names as $name ) {
			if ( empty( $params[ $name ] ) ) {
				$missing[] = $name;
			} else {
				$have_one = true;
			}
		}
		if ( ! $have_one ) {
			return array(); // Not even trying OAuth.
		}
		if ( $missing ) {
			$this->set_error(
				new WP_Error(
					'woocommerce_rest_authentication_missing_parameter',
					sprintf(
						1 === count( $missing ) ? 'Missing OAuth parameter %s' : 'Missing OAuth parameters %s',
						implode( ', ', $missing )
					),
					array( 'status' => 401 )
				)
			);
			return array();
		}
		return $params;
	}

	/**
	 * @return int|false
	 */
	private function perform_oauth_authentication() {
		$this->auth_method = 'oauth1';
		$params            = $this->get_oauth_parameters();
		if ( empty( $params ) ) {
			return false;
		}
		$this->user = Keys::find( (string) $params['oauth_consumer_key'] );
		if ( null === $this->user ) {
			$this->set_error(
				new WP_Error(
					'woocommerce_rest_authentication_error',
					'Consumer key is invalid.',
					array( 'status' => 401 )
				)
			);
			return false;
		}
		$signature = $this->check_oauth_signature( $this->user, $params );
		if ( is_wp_error( $signature ) ) {
			$this->set_error( $signature );
			return false;
		}
		$fresh = $this->check_oauth_timestamp_and_nonce(
			$this->user,
			(int) $params['oauth_timestamp'],
			(string) $params['oauth_nonce']
		);
		if ( is_wp_error( $fresh ) ) {
			$this->set_error( $fresh );
			return false;
		}
		return (int) $this->user->user_id;
	}

	/**
	 * wc_rest_urlencode_rfc3986().
	 *
	 * @param mixed $value
	 * @return mixed
	 */
	private static function urlencode_rfc3986( $value ) {
		if ( is_array( $value ) ) {
			return array_map( array( self::class, 'urlencode_rfc3986' ), $value );
		}
		return str_replace( array( '+', '%7E' ), array( ' ', '~' ), rawurlencode( (string) $value ) );
	}

	/**
	 * @param array<string,mixed> $params
	 * @param string[]            $pairs
	 * @return string[]
	 */
	private static function join_with_equals_sign( array $params, array $pairs = array(), string $key = '' ): array {
		foreach ( $params as $param_key => $param_value ) {
			if ( '' !== $key ) {
				$param_key = $key . '%5B' . $param_key . '%5D';
			}
			if ( is_array( $param_value ) ) {
				$pairs = self::join_with_equals_sign( $param_value, $pairs, (string) $param_key );
			} else {
				$pairs[] = self::urlencode_rfc3986( $param_key . '=' . $param_value );
			}
		}
		return $pairs;
	}

	/**
	 * The signature base string is METHOD&enc(home URL with the request's path)&enc(sorted k=v pairs), keyed
	 * with "consumer_secret&". The URL is built from the site's home URL and the current scheme, as WC does.
	 *
	 * @param array<string,mixed> $params
	 * @return true|WP_Error
	 */
	private function check_oauth_signature( object $key, array $params ) {
		$method = isset( $_SERVER['REQUEST_METHOD'] ) ? strtoupper( (string) $_SERVER['REQUEST_METHOD'] ) : '';
		$path   = isset( $_SERVER['REQUEST_URI'] ) ? (string) wp_parse_url(
			(string) $_SERVER['REQUEST_URI'],
			PHP_URL_PATH
		) : '';
		$base   = get_home_url( null, '/', 'relative' );
		if ( substr( $path, 0, strlen( $base ) ) === $base ) {
			$path = substr( $path, strlen( $base ) );
		}
		$base_uri = rawurlencode( get_home_url( null, $path, is_ssl() ? 'https' : 'http' ) );

		$consumer_signature = rawurldecode( str_replace( ' ', '+', (string) $params['oauth_signature'] ) );
		unset( $params['oauth_signature'] );
		uksort( $params, 'strcmp' );
		$keys   = self::urlencode_rfc3986( array_keys( $params ) );
		$values = self::urlencode_rfc3986( array_values( $params ) );
		$params = array_combine( $keys, $values );

		$string_to_sign = $method . '&' . $base_uri . '&' . implode( '%26', self::join_with_equals_sign( $params ) );
		if (
			'HMAC-SHA1' !== $params['oauth_signature_method']
			&& 'HMAC-SHA256' !== $params['oauth_signature_method']
		) {
			return new WP_Error(
				'woocommerce_rest_authentication_error',
				'Invalid signature - signature method is invalid.',
				array( 'status' => 401 )
			);
		}
		$algorithm = strtolower( str_replace( 'HMAC-', '', (string) $params['oauth_signature_method'] ) );
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		$signature = base64_encode( hash_hmac( $algorithm, $string_to_sign, $key->consumer_secret . '&', true ) );
		if ( ! hash_equals( $signature, $consumer_signature ) ) {
			return new WP_Error(
				'woocommerce_rest_authentication_error',
				'Invalid signature - provided signature does not match.',
				array( 'status' => 401 )
			);
		}
		return true;
	}

	/**
	 * @return true|WP_Error
	 */
	private function check_oauth_timestamp_and_nonce( object $key, int $timestamp, string $nonce ) {
		global $wpdb;
		$window = 15 * MINUTE_IN_SECONDS;
		if ( $timestamp < time() - $window || $timestamp > time() + $window ) {
			return new WP_Error(
				'woocommerce_rest_authentication_error',
				'Invalid timestamp.',
				array( 'status' => 401 )
			);
		}
		$used = maybe_unserialize( (string) $key->nonces );
		if ( empty( $used ) || ! is_array( $used ) ) {
			$used = array();
		}
		if ( in_array( $nonce, $used, true ) ) {
			return new WP_Error(
				'woocommerce_rest_authentication_error',
				'Invalid nonce - nonce has already been used.',
				array( 'status' => 401 )
			);
		}
		$used[ $timestamp ] = $nonce;
		foreach ( array_keys( $used ) as $used_at ) {
			if ( $used_at < time() - $window ) {
				unset( $used[ $used_at ] );
			}
		}
		$wpdb->update(
			Schema::keys_table(),
			array( 'nonces' => maybe_serialize( $used ) ),
			array( 'key_id' => $key->key_id ),
			array( '%s' ),
			array( '%d' )
		);
		return true;
	}

	/**
	 * @return true|WP_Error
	 */
	private function check_permissions( string $method ) {
		$permissions = (string) $this->user->permissions;
		switch ( $method ) {
			case 'HEAD':
			case 'GET':
				if ( 'read' !== $permissions && 'read_write' !== $permissions ) {
					return new WP_Error(
						'woocommerce_rest_authentication_error',
						'The API key provided does not have read permissions.',
						array( 'status' => 401 )
					);
				}
				break;
			case 'POST':
			case 'PUT':
			case 'PATCH':
			case 'DELETE':
				if ( 'write' !== $permissions && 'read_write' !== $permissions ) {
					return new WP_Error(
						'woocommerce_rest_authentication_error',
						'The API key provided does not have write permissions.',
						array( 'status' => 401 )
					);
				}
				break;
			case 'OPTIONS':
				return true;
			default:
				return new WP_Error(
					'woocommerce_rest_authentication_error',
					'Unknown request method.',
					array( 'status' => 401 )
				);
		}
		return true;
	}

	/**
	 * @param \WP_REST_Response|\WP_HTTP_Response|WP_Error|mixed $response
	 * @return mixed
	 */
	public function send_unauthorized_headers( $response ) {
		if (
			$this->error instanceof WP_Error
			&& 'basic_auth' === $this->auth_method
			&& $response instanceof \WP_HTTP_Response
		) {
			$response->header(
				'WWW-Authenticate',
				'Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in the ' .
					'password field."',
				true
			);
		}
		return $response;
	}

	/**
	 * @param mixed            $result
	 * @param \WP_REST_Server  $server
	 * @param \WP_REST_Request $request
	 * @return mixed
	 */
	public function check_user_permissions( $result, $server, $request ) {
		global $wpdb;
		if ( $this->user ) {
			$allowed = $this->check_permissions( $request->get_method() );
			if ( is_wp_error( $allowed ) ) {
				return $allowed;
			}
			$wpdb->update(
				Schema::keys_table(),
				array( 'last_access' => current_time( 'mysql' ) ),
				array( 'key_id' => $this->user->key_id ),
				array( '%s' ),
				array( '%d' )
			);
		}
		return $result;
	}
}
